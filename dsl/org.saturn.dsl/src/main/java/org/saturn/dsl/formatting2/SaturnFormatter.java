package org.saturn.dsl.formatting2;

import java.util.List;
import java.util.Set;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.Keyword;
import org.eclipse.xtext.formatting2.AbstractJavaFormatter;
import org.eclipse.xtext.formatting2.FormatterPreferenceKeys;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.preferences.MapBasedPreferenceValues;
import org.eclipse.xtext.formatting2.IFormattableDocument;
import org.eclipse.xtext.formatting2.regionaccess.ISemanticRegion;
import org.saturn.dsl.saturn.Element;
import org.saturn.dsl.saturn.FineTuning;
import org.saturn.dsl.saturn.GrammarGenerator;
import org.saturn.dsl.saturn.Import;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Mixture;
import org.saturn.dsl.saturn.Model;
import org.saturn.dsl.saturn.Parameter;
import org.saturn.dsl.saturn.PatternItem;
import org.saturn.dsl.saturn.ProcessGenerator;
import org.saturn.dsl.saturn.PromptSet;
import org.saturn.dsl.saturn.Protocol;
import org.saturn.dsl.saturn.SaturationStopSetting;
import org.saturn.dsl.saturn.Spec;
import org.saturn.dsl.saturn.Study;

/**
 * The canonical layout: one blank line between elements, one statement per line inside braces
 * (indented), one space between tokens, and tight punctuation: {@code count(a)}, {@code a^n},
 * {@code 1..32}, {@code a* b*}, {@code 0.9, 0.98}, {@code 1%}. Short parameter lists
 * ({@value #INLINE_PARAMETERS} or fewer) stay on the line of their braces.
 */
public class SaturnFormatter extends AbstractJavaFormatter {

    static final int INLINE_PARAMETERS = 5;

    private static final Set<String> CALLS = Set.of("count", "shuffle", "uniform");

    /** Two spaces per level, whatever the editor asks for: specs look the same everywhere. */
    @Override
    protected void initialize(FormatterRequest request) {
        MapBasedPreferenceValues preferences = new MapBasedPreferenceValues(request.getPreferences(), new java.util.HashMap<>());
        preferences.put(FormatterPreferenceKeys.indentation, "  ");
        request.setPreferences(preferences);
        super.initialize(request);
    }

    protected void format(Spec spec, IFormattableDocument doc) {
        spaceAllTokens(doc);
        for (Import anImport : spec.getImports()) {
            if (anImport != spec.getImports().get(0)) {
                doc.prepend(anImport, it -> it.setNewLines(1));
            }
        }
        List<Element> elements = spec.getElements();
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0 || !spec.getImports().isEmpty()) {
                doc.prepend(elements.get(i), it -> it.setNewLines(2));
            }
            doc.format(elements.get(i));
        }
    }

    protected void format(Language language, IFormattableDocument doc) {
        block(language, doc);
        onOwnLine(regionFor(language).keyword("alphabet"), doc);
        onOwnLine(regionFor(language).keyword("maxLength"), doc);
        language.getRules().forEach(rule -> doc.prepend(rule, it -> it.setNewLines(1)));
        language.getGenerators().forEach(doc::format);
        regionFor(language).keywords("generate").forEach(keyword -> onOwnLine(keyword, doc));
    }

    protected void format(GrammarGenerator grammar, IFormattableDocument doc) {
        block(grammar, doc);
        grammar.getProductions().forEach(production -> doc.prepend(production, it -> it.setNewLines(1)));
    }

    protected void format(ProcessGenerator process, IFormattableDocument doc) {
        parameterBlock(process, process.getParameters(), doc);
    }

    protected void format(Mixture mixture, IFormattableDocument doc) {
        block(mixture, doc);
        mixture.getTasks().forEach(task -> doc.prepend(task, it -> it.setNewLines(1)));
        onOwnLine(regionFor(mixture).keyword("sequences"), doc);
    }

    protected void format(PromptSet prompts, IFormattableDocument doc) {
        block(prompts, doc);
        prompts.getItems().forEach(item -> doc.prepend(item, it -> it.setNewLines(1)));
    }

    protected void format(Model model, IFormattableDocument doc) {
        parameterBlock(model, model.getParameters(), doc);
    }

    protected void format(FineTuning finetuning, IFormattableDocument doc) {
        parameterBlock(finetuning, finetuning.getParameters(), doc);
    }

    protected void format(Protocol protocol, IFormattableDocument doc) {
        block(protocol, doc);
        protocol.getSettings().forEach(setting -> doc.prepend(setting, it -> it.setNewLines(1)));
    }

    protected void format(Study study, IFormattableDocument doc) {
        block(study, doc);
        regionFor(study).keywords("models", "regimes", "then").forEach(keyword -> onOwnLine(keyword, doc));
        if (study.getSeeds() != null) {
            doc.prepend(study.getSeeds(), it -> it.setNewLines(1));
        }
        study.getSweeps().forEach(sweep -> doc.prepend(sweep, it -> it.setNewLines(1)));
        study.getMetrics().forEach(metric -> doc.prepend(metric, it -> it.setNewLines(1)));
    }

    /** Braces on the owner's line, content indented one level, closing brace on its own line. */
    private void block(EObject owner, IFormattableDocument doc) {
        ISemanticRegion open = regionFor(owner).keyword("{");
        ISemanticRegion close = regionFor(owner).keyword("}");
        if (open != null && close != null) {
            doc.interior(open, close, it -> it.indent());
            doc.prepend(close, it -> it.setNewLines(1));
        }
    }

    private void parameterBlock(EObject owner, List<Parameter> parameters, IFormattableDocument doc) {
        if (parameters.size() > INLINE_PARAMETERS) {
            block(owner, doc);
            parameters.forEach(parameter -> doc.prepend(parameter, it -> it.setNewLines(1)));
        }
    }

    private static void onOwnLine(ISemanticRegion region, IFormattableDocument doc) {
        if (region != null) {
            doc.prepend(region, it -> it.setNewLines(1));
        }
    }

    /** One space between every two tokens (low priority), then the tight punctuation. */
    private void spaceAllTokens(IFormattableDocument doc) {
        ISemanticRegion previous = null;
        for (ISemanticRegion region : getTextRegionAccess().regionForRootEObject().getAllSemanticRegions()) {
            if (previous != null) {
                doc.prepend(region, it -> {
                    it.oneSpace();
                    it.lowPriority();
                });
            }
            if (region.getGrammarElement() instanceof Keyword keyword) {
                tighten(keyword.getValue(), region, previous, doc);
            }
            previous = region;
        }
    }

    private static void tighten(String keyword, ISemanticRegion region, ISemanticRegion previous,
            IFormattableDocument doc) {
        switch (keyword) {
            case "(" -> {
                doc.append(region, it -> it.noSpace());
                if (previous != null && (CALLS.contains(previous.getText()) || "^".equals(previous.getText()))) {
                    doc.prepend(region, it -> it.noSpace());
                }
            }
            case ")" -> doc.prepend(region, it -> it.noSpace());
            case "generate" -> doc.prepend(region, it -> it.setNewLines(1));
            case "^", ".." -> doc.surround(region, it -> it.noSpace());
            case "," -> doc.prepend(region, it -> it.noSpace());
            case "*", "+", "?" -> {
                if (region.getSemanticElement() instanceof PatternItem) {
                    doc.prepend(region, it -> it.noSpace());
                }
            }
            case "%" -> {
                if (region.getSemanticElement() instanceof SaturationStopSetting) {
                    doc.prepend(region, it -> it.noSpace());
                }
            }
            default -> {
            }
        }
    }
}
