package org.saturn.dsl.compiler;

import java.util.ArrayList;
import java.util.List;

import org.saturn.core.lang.Language;
import org.saturn.core.lang.Rule;
import org.saturn.core.lang.gen.ContextFreeGenerator;
import org.saturn.core.lang.gen.CrossingDyckGenerator;
import org.saturn.core.lang.gen.DyckWalkGenerator;
import org.saturn.core.lang.gen.Generator;
import org.saturn.core.lang.gen.IntDistribution;
import org.saturn.core.lang.gen.IntExpr;
import org.saturn.core.lang.gen.TemplateGenerator;
import org.saturn.core.lang.rules.Brackets;
import org.saturn.core.lang.rules.Condition;
import org.saturn.core.lang.rules.Conditions;
import org.saturn.core.lang.rules.CountComparison.Relation;
import org.saturn.core.lang.rules.LinearCount;
import org.saturn.core.lang.rules.Pattern;
import org.saturn.dsl.saturn.Alternative;
import org.saturn.dsl.saturn.And;
import org.saturn.dsl.saturn.AnySymbol;
import org.saturn.dsl.saturn.Arithmetic;
import org.saturn.dsl.saturn.Balanced;
import org.saturn.dsl.saturn.Comparison;
import org.saturn.dsl.saturn.ComparisonOperator;
import org.saturn.dsl.saturn.Constant;
import org.saturn.dsl.saturn.Count;
import org.saturn.dsl.saturn.EndsWith;
import org.saturn.dsl.saturn.GrammarSymbol;
import org.saturn.dsl.saturn.IntegerArithmetic;
import org.saturn.dsl.saturn.IntegerExpression;
import org.saturn.dsl.saturn.IntegerLiteral;
import org.saturn.dsl.saturn.MaxLengthReference;
import org.saturn.dsl.saturn.Not;
import org.saturn.dsl.saturn.Or;
import org.saturn.dsl.saturn.PatternAtom;
import org.saturn.dsl.saturn.PatternGroup;
import org.saturn.dsl.saturn.PatternItem;
import org.saturn.dsl.saturn.PatternSequence;
import org.saturn.dsl.saturn.ProcessGenerator;
import org.saturn.dsl.saturn.Production;
import org.saturn.dsl.saturn.Quantity;
import org.saturn.dsl.saturn.RuleCall;
import org.saturn.dsl.saturn.SaturnPackage;
import org.saturn.dsl.saturn.Shuffle;
import org.saturn.dsl.saturn.StartsWith;
import org.saturn.dsl.saturn.Symbol;
import org.saturn.dsl.saturn.SymbolAtom;
import org.saturn.dsl.saturn.SymbolPower;
import org.saturn.dsl.saturn.TemplatePart;
import org.saturn.dsl.saturn.Variable;
import org.saturn.dsl.saturn.VariableReference;
import org.saturn.dsl.saturn.WordLength;

/**
 * The bridge from a {@code language} element of a spec to core's {@link Language} (rules with
 * monitors, exact generators), which the engine, the optimal-loss computation and ID/OOD
 * classification use. Forms the core cannot express yet (powers of groups, modulo of anything
 * but one symbol's count) raise a {@link SaturnCompiler.SpecException} that
 * says which.
 */
public final class CoreLanguages {

    /** A language without {@code maxLength} is generated, checked and trained with this bound. */
    public static final int DEFAULT_MAX_LENGTH = 64;

    private CoreLanguages() {
    }

    /** The language's {@code maxLength}, or {@link #DEFAULT_MAX_LENGTH} when it sets none. */
    public static int maxLength(org.saturn.dsl.saturn.Language language) {
        return language.getMaxLength() > 0 ? language.getMaxLength() : DEFAULT_MAX_LENGTH;
    }

    public static Language toCore(org.saturn.dsl.saturn.Language language) {
        return toCore(language, maxLength(language));
    }

    /**
     * One rule in core, without building the language (which samples its generator); a
     * {@link SaturnCompiler.SpecException} for a form core cannot express.
     */
    public static Rule rule(org.saturn.dsl.saturn.Rule rule) {
        List<String> alphabet = ((org.saturn.dsl.saturn.Language) rule.eContainer()).getSymbols().stream()
                .map(Symbol::getName).toList();
        return new Rule(rule.getName(), rule.getLabel(), condition(rule.getBody(), alphabet, 0));
    }

    /**
     * One generator in core at the given max length, without the language's sample check: a
     * {@link SaturnCompiler.SpecException} for a form core cannot run, a
     * {@link org.saturn.core.lang.LanguageException} for one it refuses (an empty range, a grammar
     * without short words).
     */
    public static Generator generator(org.saturn.dsl.saturn.Generator generator, int maxLength) {
        checkGeneratorForm(generator);
        return coreGenerator(generator, maxLength);
    }

    /** With another maxLength, e.g. a study's {@code set language.maxLength to 24}. */
    public static Language toCore(org.saturn.dsl.saturn.Language language, int maxLength) {
        List<String> alphabet = language.getSymbols().stream().map(Symbol::getName).toList();
        List<Rule> rules = language.getRules().stream().map(CoreLanguages::rule).toList();
        if (language.getGenerators().isEmpty()) {
            throw unsupported(language.getName() + " has no generator");
        }
        Generator generator = coreGenerator(language.getGenerators().get(0), maxLength);
        return new Language(language.getName(), alphabet, rules, generator, maxLength);
    }

    /**
     * Why core could not run this language, without building it (building validates the generator
     * by sampling, which takes seconds at maxLength 256): empty when every form is supported.
     */
    public static java.util.Optional<String> unsupportedForm(org.saturn.dsl.saturn.Language language) {
        try {
            List<String> alphabet = language.getSymbols().stream().map(Symbol::getName).toList();
            for (org.saturn.dsl.saturn.Rule rule : language.getRules()) {
                condition(rule.getBody(), alphabet, 0);
            }
            for (org.saturn.dsl.saturn.Generator generator : language.getGenerators()) {
                checkGeneratorForm(generator);
                if (generator instanceof org.saturn.dsl.saturn.GrammarGenerator grammar) {
                    grammar(grammar, maxLength(language)); // cheap: refuses ill-defined grammars
                }
            }
            return java.util.Optional.empty();
        } catch (SaturnCompiler.SpecException | org.saturn.core.lang.LanguageException e) {
            return java.util.Optional.of(e.getMessage());
        }
    }

    private static void checkGeneratorForm(org.saturn.dsl.saturn.Generator generator) {
        if (generator instanceof org.saturn.dsl.saturn.TemplateGenerator template) {
            for (TemplatePart part : template.getParts()) {
                if (part instanceof Shuffle shuffle && shuffle.getParts().stream().anyMatch(p -> !(p instanceof SymbolPower))) {
                    throw unsupported("a shuffle of anything but symbol powers");
                }
                if (!(part instanceof SymbolPower) && !(part instanceof Shuffle)) {
                    throw unsupported("powers of groups such as (a b)^n");
                }
            }
        } else if (generator instanceof ProcessGenerator process) {
            if (!List.of("dyck", "csDyck").contains(process.getProcess())) {
                throw unsupported("the process '" + process.getProcess() + "'");
            }
        }
    }

    private static Condition condition(org.saturn.dsl.saturn.Condition condition, List<String> alphabet, int depth) {
        if (depth > 32) {
            throw unsupported("a rule that refers to itself");
        }
        if (condition instanceof Or or) {
            return Conditions.or(condition(or.getLeft(), alphabet, depth), condition(or.getRight(), alphabet, depth));
        }
        if (condition instanceof And and) {
            return Conditions.and(condition(and.getLeft(), alphabet, depth),
                    condition(and.getRight(), alphabet, depth));
        }
        if (condition instanceof Not not) {
            return Conditions.not(condition(not.getOperand(), alphabet, depth));
        }
        if (condition instanceof RuleCall call) {
            return condition(call.getRule().getBody(), alphabet, depth + 1);
        }
        if (condition instanceof Comparison comparison) {
            return comparison(comparison, alphabet);
        }
        if (condition instanceof org.saturn.dsl.saturn.Pattern pattern) {
            return Pattern.of(regex(pattern), DefinitionText.of(pattern));
        }
        if (condition instanceof Balanced balanced) {
            if (balanced.getMoreOpen().isEmpty()) {
                return Conditions.matched(balanced.getOpen().getName(), balanced.getClose().getName());
            }
            List<Brackets.Pair> pairs = new ArrayList<>();
            pairs.add(new Brackets.Pair(balanced.getOpen().getName(), balanced.getClose().getName()));
            for (int i = 0; i < balanced.getMoreOpen().size() && i < balanced.getMoreClose().size(); i++) {
                pairs.add(new Brackets.Pair(balanced.getMoreOpen().get(i).getName(),
                        balanced.getMoreClose().get(i).getName()));
            }
            return Conditions.nested(pairs);
        }
        if (condition instanceof StartsWith starts) {
            return Conditions.startsWith(names(starts.getSymbols()));
        }
        if (condition instanceof EndsWith ends) {
            return Conditions.endsWith(names(ends.getSymbols()));
        }
        throw unsupported("this kind of rule");
    }

    private static Condition comparison(Comparison comparison, List<String> alphabet) {
        List<Condition> links = new ArrayList<>();
        Quantity left = comparison.getLeft();
        for (int i = 0; i < comparison.getRight().size(); i++) {
            Quantity right = comparison.getRight().get(i);
            ComparisonOperator operator = comparison.getOperators().get(i);
            Quantity leftSide = left;
            links.add(modulo(leftSide, operator, right).orElseGet(() -> Conditions.compare(
                    linear(leftSide, alphabet), relation(operator), linear(right, alphabet))));
            left = right;
        }
        return links.size() == 1 ? links.get(0) : Conditions.and(links.toArray(Condition[]::new));
    }

    /** {@code count(a) % m == r} (either side): core's modulo condition. */
    private static java.util.Optional<Condition> modulo(Quantity left, ComparisonOperator operator, Quantity right) {
        Arithmetic modulo = left instanceof Arithmetic a && "%".equals(a.getOperator()) ? a
                : right instanceof Arithmetic b && "%".equals(b.getOperator()) ? b : null;
        if (modulo == null) {
            return java.util.Optional.empty();
        }
        Quantity other = modulo == left ? right : left;
        if (operator != ComparisonOperator.EQ || !(other instanceof Constant remainder)
                || !(modulo.getLeft() instanceof Count count) || count.getSymbols().size() != 1
                || !(modulo.getRight() instanceof Constant modulus)) {
            throw unsupported("modulo other than 'count(x) % m == r'");
        }
        return java.util.Optional.of(Conditions.countModulo(count.getSymbols().get(0).getName(), modulus.getValue(),
                remainder.getValue()));
    }

    private static LinearCount linear(Quantity quantity, List<String> alphabet) {
        if (quantity instanceof Count count) {
            LinearCount sum = LinearCount.constant(0);
            for (Symbol symbol : count.getSymbols()) {
                sum = sum.plus(LinearCount.count(symbol.getName()));
            }
            return sum;
        }
        if (quantity instanceof WordLength) {
            LinearCount sum = LinearCount.constant(0);
            for (String symbol : alphabet) {
                sum = sum.plus(LinearCount.count(symbol));
            }
            return sum;
        }
        if (quantity instanceof Constant constant) {
            return LinearCount.constant(constant.getValue());
        }
        if (quantity instanceof Arithmetic arithmetic) {
            switch (arithmetic.getOperator()) {
                case "+":
                    return linear(arithmetic.getLeft(), alphabet).plus(linear(arithmetic.getRight(), alphabet));
                case "-":
                    return linear(arithmetic.getLeft(), alphabet).minus(linear(arithmetic.getRight(), alphabet));
                case "*":
                    if (arithmetic.getLeft() instanceof Constant factor) {
                        return linear(arithmetic.getRight(), alphabet).times(factor.getValue());
                    }
                    if (arithmetic.getRight() instanceof Constant factor) {
                        return linear(arithmetic.getLeft(), alphabet).times(factor.getValue());
                    }
                    break;
                default:
                    break;
            }
        }
        throw unsupported("a count expression that is not linear");
    }

    private static Relation relation(ComparisonOperator operator) {
        return Relation.valueOf(operator.name());
    }

    private static Pattern.Regex regex(org.saturn.dsl.saturn.Pattern pattern) {
        List<Pattern.Regex> options = new ArrayList<>();
        for (PatternSequence sequence : pattern.getAlternatives()) {
            List<Pattern.Regex> parts = new ArrayList<>();
            for (PatternItem item : sequence.getItems()) {
                Pattern.Regex atom = atom(item.getAtom());
                String repetition = item.getRepetition();
                parts.add(repetition == null ? atom
                        : new Pattern.Repeat(atom, "+".equals(repetition), "?".equals(repetition)));
            }
            options.add(parts.size() == 1 ? parts.get(0) : new Pattern.Sequence(parts));
        }
        return options.size() == 1 ? options.get(0) : new Pattern.Choice(options);
    }

    private static Pattern.Regex atom(PatternAtom atom) {
        if (atom instanceof SymbolAtom symbol) {
            return new Pattern.Symbol(symbol.getSymbol().getName());
        }
        if (atom instanceof AnySymbol) {
            return new Pattern.AnySymbol();
        }
        return regex(((PatternGroup) atom).getPattern());
    }

    private static Generator coreGenerator(org.saturn.dsl.saturn.Generator generator, int maxLength) {
        if (generator instanceof org.saturn.dsl.saturn.TemplateGenerator template) {
            List<TemplateGenerator.Variable> variables = new ArrayList<>();
            for (Variable variable : template.getVariables()) {
                IntExpr low = integer(variable.getLow(), maxLength);
                IntExpr high = integer(variable.getHigh(), maxLength);
                variables.add(new TemplateGenerator.Variable(variable.getName(), variable.isEnumerated()
                        ? new IntDistribution.EnumerateAll(low, high) : new IntDistribution.Uniform(low, high)));
            }
            List<TemplateGenerator.Block> blocks = new ArrayList<>();
            for (TemplatePart part : template.getParts()) {
                if (part instanceof SymbolPower power) {
                    blocks.add(power(power, maxLength));
                } else if (part instanceof Shuffle shuffle) {
                    List<TemplateGenerator.Power> powers = new ArrayList<>();
                    for (TemplatePart inner : shuffle.getParts()) {
                        if (!(inner instanceof SymbolPower power)) {
                            throw unsupported("a shuffle of anything but symbol powers");
                        }
                        powers.add(power(power, maxLength));
                    }
                    blocks.add(new TemplateGenerator.Shuffle(powers));
                } else {
                    throw unsupported("powers of groups such as (a b)^n");
                }
            }
            return new TemplateGenerator(variables, blocks);
        }
        if (generator instanceof ProcessGenerator process) {
            List<Brackets.Pair> pairs = List.of(new Brackets.Pair("(", ")"), new Brackets.Pair("[", "]"));
            return switch (String.valueOf(process.getProcess())) {
                case "dyck" -> new DyckWalkGenerator(pairs, maxLength);
                case "csDyck" -> new CrossingDyckGenerator(pairs, maxLength);
                default -> throw unsupported("the process '" + process.getProcess() + "'");
            };
        }
        if (generator instanceof org.saturn.dsl.saturn.GrammarGenerator grammar) {
            return grammar(grammar, maxLength);
        }
        throw unsupported("this kind of generator");
    }

    /**
     * Core's weighted context-free generator. Its bound is the grammar's {@code up to length N}
     * cut to the max length (longer words are dropped, as {@code saturn check} warns), else the
     * max length; weights default to 1.
     */
    private static Generator grammar(org.saturn.dsl.saturn.GrammarGenerator grammar, int maxLength) {
        List<ContextFreeGenerator.Production> productions = new ArrayList<>();
        for (Production production : grammar.getProductions()) {
            List<ContextFreeGenerator.Alternative> alternatives = new ArrayList<>();
            for (Alternative alternative : production.getAlternatives()) {
                List<String> items = alternative.getItems().stream().map(GrammarSymbol::getName).toList();
                double weight = alternative.eIsSet(SaturnPackage.Literals.ALTERNATIVE__WEIGHT) ? alternative.getWeight() : 1;
                alternatives.add(new ContextFreeGenerator.Alternative(items, weight));
            }
            productions.add(new ContextFreeGenerator.Production(production.getName(), alternatives));
        }
        int bound = grammar.getBound() > 0 ? Math.min(grammar.getBound(), maxLength) : maxLength;
        return new ContextFreeGenerator(grammar.getStart().getName(), productions, bound);
    }

    private static TemplateGenerator.Power power(SymbolPower power, int maxLength) {
        return new TemplateGenerator.Power(power.getSymbol().getName(),
                power.getExponent() == null ? IntExpr.of(1) : integer(power.getExponent(), maxLength));
    }

    private static IntExpr integer(IntegerExpression expression, int maxLength) {
        if (expression instanceof IntegerLiteral literal) {
            return IntExpr.of(literal.getValue());
        }
        if (expression instanceof MaxLengthReference) {
            return IntExpr.of(maxLength);
        }
        if (expression instanceof VariableReference reference) {
            return IntExpr.variable(reference.getVariable().getName());
        }
        IntegerArithmetic arithmetic = (IntegerArithmetic) expression;
        if ("%".equals(arithmetic.getOperator())) {
            throw unsupported("% in generator expressions");
        }
        return new IntExpr.Binary(arithmetic.getOperator().charAt(0), integer(arithmetic.getLeft(), maxLength),
                integer(arithmetic.getRight(), maxLength));
    }

    private static String[] names(List<Symbol> symbols) {
        return symbols.stream().map(Symbol::getName).toArray(String[]::new);
    }

    private static SaturnCompiler.SpecException unsupported(String what) {
        return new SaturnCompiler.SpecException("Saturn's core cannot run " + what + " yet");
    }
}
