package org.saturn.dsl.ide.hover;

import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.HoverParams;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Range;
import org.eclipse.xtext.EnumLiteralDeclaration;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.ide.server.Document;
import org.eclipse.xtext.ide.server.hover.HoverService;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.eclipse.xtext.util.CancelIndicator;
import org.saturn.dsl.saturn.DecodingSetting;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.OptimizerSetting;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.ProcessGenerator;
import org.saturn.dsl.saturn.ScheduleSetting;
import org.saturn.dsl.semantics.KeywordDocumentation;
import org.saturn.dsl.semantics.ParameterCatalog;
import org.saturn.dsl.semantics.ParameterCatalog.Section;

/**
 * Hover documentation for every keyword, every parameter (meaning, unit, type, range, default)
 * and every kind; elsewhere Xtext's default (the element's documentation comment).
 */
public class SaturnHoverService extends HoverService {

    @Override
    public Hover hover(Document document, XtextResource resource, HoverParams params, CancelIndicator cancel) {
        int offset = document.getOffSet(params.getPosition());
        Optional<Hover> own = documentation(resource, offset, document);
        return own.orElseGet(() -> super.hover(document, resource, params, cancel));
    }

    /** The Markdown documentation of the token at the offset, when it is a keyword, parameter or kind. */
    public static Optional<String> documentationAt(XtextResource resource, int offset) {
        if (resource.getParseResult() == null) {
            return Optional.empty();
        }
        ILeafNode leaf = NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
        if (leaf == null || leaf.isHidden()) {
            return Optional.empty();
        }
        EObject element = NodeModelUtils.findActualSemanticObjectFor(leaf);
        if (element instanceof Parameter parameter && isName(leaf, parameter)) {
            return ParameterCatalog.kindOf(parameter.eContainer()).flatMap(kind -> kind.parameter(parameter.getName()))
                    .map(ParameterCatalog.Parameter::documentation);
        }
        Optional<String> kind = kindDocumentation(element, leaf.getText());
        if (kind.isPresent()) {
            return kind;
        }
        Keyword keyword = leaf.getGrammarElement() instanceof Keyword written ? written
                : leaf.getGrammarElement() instanceof EnumLiteralDeclaration literal ? literal.getLiteral() : null;
        if (keyword != null) { // an enum's literal (logUniform, adversarial) is a keyword of its own
            return KeywordDocumentation.of(keyword.getValue()).map(text -> "**" + keyword.getValue() + "**: " + text);
        }
        return Optional.empty();
    }

    private Optional<Hover> documentation(XtextResource resource, int offset, Document document) {
        ILeafNode leaf = resource.getParseResult() == null ? null
                : NodeModelUtils.findLeafNodeAtOffset(resource.getParseResult().getRootNode(), offset);
        return documentationAt(resource, offset).map(text -> new Hover(new MarkupContent(MarkupKind.MARKDOWN, text),
                new Range(document.getPosition(leaf.getOffset()), document.getPosition(leaf.getEndOffset()))));
    }

    private static boolean isName(ILeafNode leaf, Parameter parameter) {
        INode nameNode = NodeModelUtils.findNodesForFeature(parameter,
                parameter.eClass().getEStructuralFeature("name")).stream().findFirst().orElse(null);
        return nameNode != null && nameNode.getOffset() <= leaf.getOffset()
                && leaf.getEndOffset() <= nameNode.getEndOffset();
    }

    private static Optional<String> kindDocumentation(EObject element, String text) {
        Section section = element instanceof Model ? Section.MODEL
                : element instanceof OptimizerSetting ? Section.OPTIMIZER
                        : element instanceof ScheduleSetting ? Section.SCHEDULE
                                : element instanceof DecodingSetting ? Section.DECODING
                                        : element instanceof ProcessGenerator ? Section.PROCESS : null;
        if (section == null) {
            return Optional.empty();
        }
        return ParameterCatalog.kind(section, text).map(kind -> "**" + kind.name() + "** (" + section.noun() + "): "
                + kind.doc() + (kind.parameters().isEmpty() ? "" : "\n\nParameters: "
                        + String.join(", ", kind.parameterNames())));
    }
}
