package org.saturn.ui.editor;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.INode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.eclipse.xtext.resource.XtextResource;
import org.saturn.dsl.saturn.Element;
import org.saturn.dsl.saturn.FineTuning;
import org.saturn.dsl.saturn.Import;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Mixture;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.PromptSet;
import org.saturn.dsl.saturn.Protocol;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Study;
import org.saturn.dsl.saturn.Task;

/**
 * The outline of a spec as plain values (no EMF objects), computed off the UI thread from a parsed
 * resource: imports, then elements in document order, languages with their rules, mixtures with
 * their tasks.
 */
public final class SpecOutline {

    /** What an outline entry is; decides its icon. */
    public enum Kind {
        IMPORT, LANGUAGE, MIXTURE, RULE, TASK, PROMPTS, MODEL, PROTOCOL, FINETUNING, STUDY
    }

    /**
     * One entry: {@code label} as shown, {@code detail} greyed after it, the whole element's range
     * and the range a click selects (its name).
     */
    public record Node(Kind kind, String label, String detail, int offset, int length, int selectionOffset,
            int selectionLength, List<Node> children) {
    }

    private SpecOutline() {
    }

    public static List<Node> of(XtextResource resource) {
        if (resource.getContents().isEmpty() || !(resource.getContents().get(0) instanceof Spec spec)) {
            return List.of();
        }
        List<Node> nodes = new ArrayList<>();
        for (Import anImport : spec.getImports()) {
            nodes.add(node(anImport, Kind.IMPORT, "\"" + nullToEmpty(anImport.getImportURI()) + "\"", "",
                    SaturnPackage.Literals.IMPORT__IMPORT_URI, List.of()));
        }
        for (Element element : spec.getElements()) {
            Node node = element(element);
            if (node != null) {
                nodes.add(node);
            }
        }
        return List.copyOf(nodes);
    }

    private static Node element(Element element) {
        String name = nullToEmpty(element.getName());
        if (element instanceof Language language) {
            List<Node> rules = new ArrayList<>();
            for (Rule rule : language.getRules()) {
                rules.add(node(rule, Kind.RULE, nullToEmpty(rule.getName()),
                        rule.getLabel() == null ? "" : "\"" + rule.getLabel() + "\"",
                        SaturnPackage.Literals.RULE__NAME, List.of()));
            }
            return node(element, Kind.LANGUAGE, name, "language", null, rules);
        }
        if (element instanceof Mixture mixture) {
            List<Node> tasks = new ArrayList<>();
            for (Task task : mixture.getTasks()) {
                tasks.add(node(task, Kind.TASK, text(task, SaturnPackage.Literals.TASK__LANGUAGE), "task",
                        SaturnPackage.Literals.TASK__LANGUAGE, List.of()));
            }
            return node(element, Kind.MIXTURE, name, "mixture", null, tasks);
        }
        if (element instanceof PromptSet prompts) {
            return node(element, Kind.PROMPTS, name,
                    "prompts for " + text(prompts, SaturnPackage.Literals.PROMPT_SET__SOURCE), null, List.of());
        }
        if (element instanceof Model model) {
            return node(element, Kind.MODEL, name, "model " + nullToEmpty(model.getKind()), null, List.of());
        }
        if (element instanceof Protocol) {
            return node(element, Kind.PROTOCOL, name, "protocol", null, List.of());
        }
        if (element instanceof FineTuning fineTuning) {
            return node(element, Kind.FINETUNING, name,
                    "finetuning on " + text(fineTuning, SaturnPackage.Literals.FINE_TUNING__SOURCE), null, List.of());
        }
        if (element instanceof Study study) {
            return node(element, Kind.STUDY, name, "study on " + text(study, SaturnPackage.Literals.STUDY__SOURCE),
                    null, List.of());
        }
        return null;
    }

    private static Node node(EObject object, Kind kind, String label, String detail,
            org.eclipse.emf.ecore.EStructuralFeature nameFeature, List<Node> children) {
        ICompositeNode whole = NodeModelUtils.findActualNodeFor(object);
        int offset = whole == null ? 0 : whole.getOffset();
        int length = whole == null ? 0 : whole.getLength();
        INode name = nameFeature != null ? first(object, nameFeature)
                : first(object, SaturnPackage.Literals.ELEMENT__NAME);
        return new Node(kind, label, detail, offset, length, name == null ? offset : name.getOffset(),
                name == null ? 0 : name.getLength(), List.copyOf(children));
    }

    private static INode first(EObject object, org.eclipse.emf.ecore.EStructuralFeature feature) {
        List<INode> nodes = NodeModelUtils.findNodesForFeature(object, feature);
        return nodes.isEmpty() ? null : nodes.get(0);
    }

    /** A cross-reference as written (also when it does not resolve). */
    private static String text(EObject object, org.eclipse.emf.ecore.EStructuralFeature feature) {
        INode node = first(object, feature);
        return node == null ? "" : NodeModelUtils.getTokenText(node);
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
