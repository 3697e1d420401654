package org.saturn.ui.editor;

import java.util.Optional;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.jface.text.BadLocationException;
import org.eclipse.jface.text.DefaultInformationControl;
import org.eclipse.jface.text.IDocument;
import org.eclipse.jface.text.IInformationControlCreator;
import org.eclipse.jface.text.IRegion;
import org.eclipse.jface.text.ITextHover;
import org.eclipse.jface.text.ITextHoverExtension;
import org.eclipse.jface.text.ITextViewer;
import org.eclipse.jface.text.Region;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.EObjectAtOffsetHelper;
import org.eclipse.xtext.resource.XtextResource;
import org.saturn.dsl.ide.hover.SaturnHoverService;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.semantics.ParameterCatalog;

/**
 * Hover in a .saturn file: the .ide module's documentation of keywords, parameters and kinds;
 * over a name that refers to something, what it refers to (a rule's label and condition, a
 * model's kind and parameters, any other element's definition).
 */
public final class SaturnTextHover implements ITextHover, ITextHoverExtension {

    /** Definitions longer than this are cut: a hover is a glance, the text is one click away. */
    private static final int MAX_DEFINITION = 600;

    @Override
    public IRegion getHoverRegion(ITextViewer viewer, int offset) {
        IDocument document = viewer.getDocument();
        int start = offset;
        int end = offset;
        try {
            while (start > 0 && Character.isJavaIdentifierPart(document.getChar(start - 1))) {
                start--;
            }
            while (end < document.getLength() && Character.isJavaIdentifierPart(document.getChar(end))) {
                end++;
            }
        } catch (BadLocationException e) {
            return new Region(offset, 0);
        }
        return new Region(start, end - start);
    }

    @Override
    public String getHoverInfo(ITextViewer viewer, IRegion region) {
        IDocument document = viewer.getDocument();
        return hoverAt(document.get(), SaturnReconcilingStrategy.uriOf(document), region.getOffset())
                .map(SaturnTextHover::html).orElse(null);
    }

    /** The Markdown-like documentation at {@code offset} of {@code text}, if there is any. */
    public static Optional<String> hoverAt(String text, org.eclipse.emf.common.util.URI uri, int offset) {
        XtextResource resource = SaturnLanguage.parse(text, uri);
        Optional<String> documentation = SaturnHoverService.documentationAt(resource, offset);
        if (documentation.isPresent()) {
            return documentation;
        }
        EObject target = SaturnLanguage.injector().getInstance(EObjectAtOffsetHelper.class)
                .resolveCrossReferencedElementAt(resource, offset);
        return target == null || target.eIsProxy() ? Optional.empty() : Optional.of(definition(target));
    }

    private static String definition(EObject target) {
        if (target instanceof Rule rule) {
            return "**rule " + rule.getName() + "**" + (rule.getLabel() == null ? "" : " \"" + rule.getLabel() + "\"")
                    + "\n\n" + tokens(rule.getBody());
        }
        if (target instanceof Model model) {
            StringBuilder text = new StringBuilder("**model " + model.getName() + "** (" + model.getKind() + ")");
            ParameterCatalog.kindOf(model).ifPresent(kind -> text.append(": ").append(kind.doc()));
            for (Parameter parameter : model.getParameters()) {
                String value = tokens(parameter).substring(parameter.getName().length()).trim();
                text.append("\n\n").append(parameter.getName()).append(" = ").append(value);
                ParameterCatalog.kindOf(model).flatMap(kind -> kind.parameter(parameter.getName()))
                        .ifPresent(known -> text.append(" — ").append(known.doc()));
            }
            return text.toString();
        }
        return tokens(target);
    }

    /** An element's text as written, comments and layout folded to single spaces. */
    private static String tokens(EObject element) {
        ICompositeNode node = NodeModelUtils.findActualNodeFor(element);
        String text = node == null ? "" : NodeModelUtils.getTokenText(node);
        return text.length() > MAX_DEFINITION ? text.substring(0, MAX_DEFINITION) + " …" : text;
    }

    /** The hover control renders simple HTML: bold for {@code **x**}, breaks for blank lines. */
    static String html(String markdown) {
        String escaped = markdown.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return escaped.replaceAll("\\*\\*(.+?)\\*\\*", "<b>$1</b>").replaceAll("`(.+?)`", "<code>$1</code>")
                .replace("\n\n", "<br>").replace("\n", "<br>");
    }

    @Override
    public IInformationControlCreator getHoverControlCreator() {
        return parent -> new DefaultInformationControl(parent, "Saturn");
    }
}
