package org.saturn.dsl.scoping;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.emf.ecore.EObject;
import org.eclipse.emf.ecore.EReference;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.scoping.IScope;
import org.eclipse.xtext.scoping.Scopes;
import org.saturn.dsl.saturn.GrammarGenerator;
import org.saturn.dsl.saturn.GrammarSymbol;
import org.saturn.dsl.saturn.Language;
import org.saturn.dsl.saturn.Production;
import org.saturn.dsl.saturn.PromptSet;
import org.saturn.dsl.saturn.Rule;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.Study;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.dsl.saturn.TemplateGenerator;
import org.saturn.dsl.saturn.Variable;
import org.saturn.dsl.semantics.Sources;

/**
 * Names inside a language are local to it: a rule sees its language's alphabet and rules, a
 * generator its own variables and nonterminals. Prompt sets see the symbols of the language (or
 * mixture) they are for, and a study's metrics the rules of the language it trains on. Everything
 * else (languages, models, protocols, ...) is global, across the file and its imports.
 */
public class SaturnScopeProvider extends AbstractSaturnScopeProvider {

    private static final SaturnPackage SATURN = SaturnPackage.eINSTANCE;

    @Override
    public IScope getScope(EObject context, EReference reference) {
        EObject type = reference.getEReferenceType();
        if (type == SATURN.getSymbol() || type == SATURN.getGrammarSymbol()) {
            return symbolScope(context, type == SATURN.getGrammarSymbol());
        }
        if (type == SATURN.getVariable()) {
            TemplateGenerator generator = EcoreUtil2.getContainerOfType(context, TemplateGenerator.class);
            return generator == null ? IScope.NULLSCOPE : Scopes.scopeFor(generator.getVariables());
        }
        if (type == SATURN.getProduction()) {
            GrammarGenerator generator = EcoreUtil2.getContainerOfType(context, GrammarGenerator.class);
            return generator == null ? IScope.NULLSCOPE : Scopes.scopeFor(generator.getProductions());
        }
        if (type == SATURN.getRule()) {
            return ruleScope(context);
        }
        return super.getScope(context, reference);
    }

    private IScope symbolScope(EObject context, boolean withNonterminals) {
        PromptSet prompts = EcoreUtil2.getContainerOfType(context, PromptSet.class);
        if (prompts != null) {
            return prompts.getSource() == null || prompts.getSource().eIsProxy() ? IScope.NULLSCOPE
                    : Scopes.scopeFor(Sources.symbols(prompts.getSource()));
        }
        Language language = EcoreUtil2.getContainerOfType(context, Language.class);
        if (language == null) {
            return IScope.NULLSCOPE;
        }
        List<GrammarSymbol> candidates = new ArrayList<>();
        if (withNonterminals) {
            GrammarGenerator generator = EcoreUtil2.getContainerOfType(context, GrammarGenerator.class);
            if (generator != null) {
                candidates.addAll(generator.getProductions());
            }
        }
        List<Symbol> alphabet = language.getSymbols();
        candidates.addAll(alphabet);
        return Scopes.scopeFor(candidates);
    }

    private IScope ruleScope(EObject context) {
        Study study = EcoreUtil2.getContainerOfType(context, Study.class);
        if (study != null) {
            return study.getSource() == null || study.getSource().eIsProxy() ? IScope.NULLSCOPE
                    : Scopes.scopeFor(Sources.rules(study.getSource()));
        }
        Language language = EcoreUtil2.getContainerOfType(context, Language.class);
        List<Rule> rules = language == null ? List.of() : language.getRules();
        return Scopes.scopeFor(rules);
    }
}
