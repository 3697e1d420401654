package org.saturn.dsl.scoping;

import java.util.Map;

import org.eclipse.emf.ecore.EClass;
import org.eclipse.emf.ecore.EObject;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.diagnostics.Diagnostic;
import org.eclipse.xtext.diagnostics.DiagnosticMessage;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.linking.impl.LinkingDiagnosticMessageProvider;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.PromptSet;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.Source;
import org.saturn.dsl.saturn.Study;
import org.saturn.dsl.semantics.Sources;

/** Unresolved names, said the way a researcher would: which kind of thing was expected, and where. */
public class SaturnLinkingDiagnosticMessageProvider extends LinkingDiagnosticMessageProvider {

    private static final SaturnPackage SATURN = SaturnPackage.eINSTANCE;

    private static final Map<EClass, String> NOUNS = Map.ofEntries(Map.entry(SATURN.getLanguage(), "language"),
            Map.entry(SATURN.getSource(), "language or mixture"), Map.entry(SATURN.getPromptSet(), "prompt set"),
            Map.entry(SATURN.getModel(), "model"), Map.entry(SATURN.getProtocol(), "protocol"),
            Map.entry(SATURN.getFineTuning(), "fine-tuning"), Map.entry(SATURN.getRule(), "rule"),
            Map.entry(SATURN.getVariable(), "variable"), Map.entry(SATURN.getProduction(), "nonterminal"),
            Map.entry(SATURN.getSymbol(), "symbol"), Map.entry(SATURN.getGrammarSymbol(), "symbol or nonterminal"));

    @Override
    public DiagnosticMessage getUnresolvedProxyMessage(ILinkingDiagnosticContext context) {
        EClass type = context.getReference().getEReferenceType();
        String name = context.getLinkText();
        EObject from = context.getContext();
        String message;
        if (type == SATURN.getSymbol() || type == SATURN.getGrammarSymbol()) {
            message = unknownSymbol(from, name, type == SATURN.getGrammarSymbol());
        } else if (type == SATURN.getVariable()) {
            message = "Unknown variable '" + name + "': declare it after 'with', e.g. 'with " + name
                    + " in 1..maxLength'";
        } else if (type == SATURN.getRule()) {
            Study study = EcoreUtil2.getContainerOfType(from, Study.class);
            message = study != null && study.getSource() != null && !study.getSource().eIsProxy()
                    ? "'" + name + "' is not a rule of " + study.getSource().getName() + " (rules: "
                            + String.join(", ", Sources.rules(study.getSource()).stream().map(r -> r.getName()).toList())
                            + ")"
                    : "Unknown rule '" + name + "' in this language";
        } else {
            message = "Unknown " + NOUNS.getOrDefault(type, type.getName()) + " '" + name + "'"
                    + (type == SATURN.getLanguage() || type == SATURN.getSource()
                            ? " (did you import \"stdlib.saturn\"?)" : "");
        }
        return new DiagnosticMessage(message, Severity.ERROR, Diagnostic.LINKING_DIAGNOSTIC);
    }

    private static String unknownSymbol(EObject from, String name, boolean nonterminalsToo) {
        PromptSet prompts = EcoreUtil2.getContainerOfType(from, PromptSet.class);
        Source source = prompts != null ? prompts.getSource() : EcoreUtil2.getContainerOfType(from, Language.class);
        if (source == null || source.eIsProxy()) {
            return "Unknown symbol '" + name + "'";
        }
        return "'" + name + "' is not in the alphabet of " + source.getName() + " (" + Sources.alphabetText(source)
                + ")" + (nonterminalsToo ? " nor a nonterminal of this grammar" : "");
    }
}
