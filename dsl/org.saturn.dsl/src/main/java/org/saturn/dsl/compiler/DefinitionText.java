package org.saturn.dsl.compiler;

import java.util.LinkedHashSet;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.nodemodel.ICompositeNode;
import org.eclipse.xtext.nodemodel.ILeafNode;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Mixture;
import org.saturn.dsl.saturn.PromptItem;
import org.saturn.dsl.saturn.PromptSet;
import org.saturn.dsl.saturn.SampledPrompts;
import org.saturn.dsl.semantics.Sources;

/**
 * The text of a definition with comments and layout removed, tokens separated by one space: the
 * part of a spec a run's id depends on (reformatting or commenting a language keeps the id).
 */
public final class DefinitionText {

    private DefinitionText() {
    }

    public static String of(EObject element) {
        if (element == null) {
            return "";
        }
        ICompositeNode node = NodeModelUtils.findActualNodeFor(element);
        if (node == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (ILeafNode leaf : node.getLeafNodes()) {
            if (!leaf.isHidden()) {
                text.append(text.length() == 0 ? "" : " ").append(leaf.getText());
            }
        }
        if (element instanceof Mixture mixture) {
            for (Language language : Sources.languages(mixture)) {
                text.append("\n").append(of(language));
            }
        }
        if (element instanceof PromptSet prompts) {
            // prompts sampled from another language need its definition too (a run is built from its config alone)
            Set<Language> others = new LinkedHashSet<>();
            for (PromptItem item : prompts.getItems()) {
                if (item instanceof SampledPrompts sampled && sampled.getLanguage() != null
                        && sampled.getLanguage() != prompts.getSource()) {
                    others.add(sampled.getLanguage());
                }
            }
            for (Language language : others) {
                text.append("\n").append(of(language));
            }
        }
        return text.toString();
    }
}
