package org.saturn.dsl.semantics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What every keyword of the language means, with units and defaults where it has them. Hover in
 * the editor and the language server show these texts (Markdown).
 */
public final class KeywordDocumentation {

    private static final Map<String, String> DOCS = new LinkedHashMap<>();

    static {
        doc("import", "Makes the elements of another .saturn file visible here. The path is relative to this file; "
                + "`stdlib.saturn` falls back to Saturn's bundled standard library (all languages of the suite).");
        doc("language", "A formal language: an alphabet, named rules (predicates every word satisfies) and one "
                + "generator of training words. `language NAME { alphabet ... maxLength N rule ... generate ... }`");
        doc("alphabet", "The symbols of the language, separated by spaces; quote those that are not identifiers: "
                + "`alphabet \"(\" \")\"`. PAD, SOS and EOS are added by Saturn.");
        doc("maxLength", "The longest word, in symbols (default 64). In generator expressions, `maxLength` is this "
                + "number. The papers use 256.");
        doc("rule", "A named rule with an optional label for charts: `rule R1 \"#a = #b\" : count(a) == count(b)`. "
                + "Inside a rule, `rule R` refers to another rule.");
        doc("count", "`count(a)` is the number of a's in the word; `count(a b)` counts a's and b's together.");
        doc("length", "The number of symbols in the word.");
        doc("any", "In a pattern: any one symbol of the alphabet.");
        doc("balanced", "`balanced \"(\" \")\"`: every closing bracket closes an earlier opening one and none stays "
                + "open (other symbols are ignored). Several pairs, `balanced \"(\" \")\" \"[\" \"]\"`, share one "
                + "stack: properly nested, so a crossing word like ( [ ) ] is not.");
        doc("starts", "`starts with b`: the word begins with these symbols.");
        doc("ends", "`ends with a b`: the word ends with these symbols.");
        doc("and", "Both conditions hold. Binds tighter than `or`, looser than `not`.");
        doc("or", "At least one condition holds. Binds loosest.");
        doc("not", "The condition does not hold. Binds tightest.");
        doc("generate", "The generator of training words: a template (`a^n b^n with n in 1..maxLength/2`), a "
                + "weighted grammar (`grammar S { S -> a S b | a b }`) or a built-in process (`process dyck`).");
        doc("with", "Introduces the integer variables of a template generator, or the prompt set of a study or "
                + "fine-tuning.");
        doc("in", "`n in 1..32`: the generator uses every n once (the papers enumerate aⁿbⁿ this way). "
                + "`in context ...`: in-context-learning prompts.");
        doc("uniform", "`n ~ uniform(1..32)`: each word draws n uniformly from 1 to 32 (both included); in a study, "
                + "`vary dropout.p over uniform(0.0..0.3) samples 4`: values drawn uniformly between the bounds.");
        doc("shuffle", "`shuffle(a^n b^m)`: the symbols inside, in uniformly random order.");
        doc("grammar", "A weighted context-free grammar: `grammar S up to length 64 { S -> a S b weight 3 | a b }`. "
                + "Words longer than the bound (default: maxLength) are redrawn.");
        doc("weight", "Relative weight (a positive number, default 1): of a grammar alternative, a mixture task or a "
                + "training regime's extra loss.");
        doc("empty", "The empty alternative of a grammar production (derives no symbol).");
        doc("process", "A built-in generator process: `dyck` (nested walk over ( [ ) ]) or `csDyck` (two "
                + "independent stacks).");
        doc("mixture", "Several languages as latent tasks for in-context learning: each training sequence is several "
                + "words, separated by a delimiter; `tasks repeat with probability p` says how often a word keeps "
                + "the previous word's task (default 1: one task per sequence).");
        doc("repeat", "`tasks repeat with probability 0`: each next word of a mixture's sequence keeps the previous "
                + "word's task with this probability, else switches to another task by weight. Small values make "
                + "k-shot prompts (several words of one task) rare or absent in training.");
        doc("probability", "`tasks repeat with probability p`: p in [0, 1].");
        doc("tasks", "`tasks repeat with probability p`: how often a mixture's task repeats from word to word.");
        doc("task", "A language in a mixture, with an optional weight (default 1).");
        doc("sequences", "`sequences of 1..8 words separated by \"#\"`: how many words of one task form a training "
                + "sequence, and the delimiter token between them.");
        doc("prompts", "A prompt set: the prompts a model is evaluated on. In- versus out-of-distribution (ID/OOD) is "
                + "computed from the generator, never written by hand. In a regime line, `prompts sampled|all`: "
                + "which OOD prompts each step trains.");
        doc("all", "`all words of length 8 over a b`: every word of that length (2⁸ = 256 here). In a protocol, "
                + "`train on all words`: every word of the language up to maxLength. As a metric subset: "
                + "all prompts. In a regime line, `prompts all`: every completed OOD prompt in every step (the "
                + "papers').");
        doc("sample", "`sample 100 words of length 4..12 over a b` (uniformly random words), `sample 50 words from "
                + "Dyck after \")\" \"[\"` (generated words behind a fixed prefix; `of length 6` keeps words of that length; "
                + "the words may come from another language over the same symbols), `sample 100 prefixes of length 6 "
                + "from AnBn`. As a decoding mode: sample from the model with a temperature.");
        doc("word", "One listed prompt: `word b a a b`.");
        doc("context", "`in context 0..8 examples then 50 queries`: k solved examples of one task, then a query of "
                + "the same task.");
        doc("model", "A model: `model NAME KIND { parameter value ... }`. Kinds: transformer, lstm, linear; hover a "
                + "parameter for its meaning and default.");
        doc("protocol", "How to train: optimizer, schedule, batch, steps or epochs, evaluation, stopping, loss "
                + "convention, decoding, regimes and checkpoints.");
        doc("optimizer", "`optimizer adamw lr 2e-3 weightDecay 0.01 betas 0.9, 0.999` (adamw, adam, sgd). Default "
                + "adamw with the papers' settings.");
        doc("schedule", "Learning-rate schedule: `constant`, `inverseSqrt warmup 1000` or `cosine warmup 100 minLr "
                + "0`. Default constant.");
        doc("batch", "Words per optimizer step (default 128).");
        doc("steps", "Training length in optimizer steps; or, after `evaluate every N`, the unit of the interval.");
        doc("epochs", "Training length in passes over the fixed training set (`train on N words` or `train on all "
                + "words`; each epoch is a new shuffle, the last batch holds what is left, a batch of at least the set "
                + "is the full set). Also the unit of `evaluate every N epochs`, `checkpoint every N epochs` and of a "
                + "schedule's `warmupEpochs`.");
        doc("evaluate", "`evaluate every 250 steps` (or `every 1 epochs` with a fixed training set): how often test "
                + "loss and rule accuracies are measured (default 250 steps).");
        doc("train", "`train on all words` (every word of the language up to maxLength, once per epoch: the papers' "
                + "aⁿbⁿ and aⁿbⁿcⁿ protocol) or `train on 512 words` (a fixed set sampled once from the language's "
                + "generator, by the run's seed). Without it every step draws fresh words. Count the training "
                + "length in `epochs` then.");
        doc("validate", "`validate on 512 words` (or `on all words`): a fixed validation set sampled once (the same "
                + "for every seed, drawn independently of the training and test sets, as the papers do); its loss is "
                + "the metric validation.loss at every evaluation. Default: none.");
        doc("test", "`test on 1024 words` (or `on all words`): the fixed test set the test loss and the gap to the "
                + "optimum are measured on (default: 512 words sampled once, the same for every seed). The optimum "
                + "stays the language's exact optimal loss.");
        doc("early", "`early stopping patience 25`: stop after 25 evaluations without a better test loss "
                + "(default: off).");
        doc("stop", "`stop when saturated within 1% for 5 evaluations`: stop once the test loss stays within 1% of "
                + "the optimal loss for 5 evaluations in a row (default: off).");
        doc("loss", "`loss includes pad` (the papers' convention: PAD targets count) or `loss excludes pad`. "
                + "Default includes. In a regime line, `loss sequence|completion`: how the extra loss is averaged.");
        doc("decode", "How completions are generated: `decode greedy` or `decode sample temperature 0.8`, with "
                + "`budget N` tokens after the prompt (default: maxLength). Decoding stops at EOS.");
        doc("regime", "A training regime's extra loss: `regime adversarial weight 1 on PROMPTS` (OOD prompts completed "
                + "so that R1 fails) or `regime oracle ...` (completed so that R1 holds). Default weight 1, the "
                + "study's prompts. Options, in this order: `completion shortest|overshoot`, `loss "
                + "sequence|completion`, `prompts sampled|all`; the papers' regime is `completion overshoot loss "
                + "completion prompts all`. The defaults (shortest, sequence, sampled) are Saturn's original regime.");
        doc("completion", "In a regime line, how each OOD prompt is completed (`completion shortest`, the default, or "
                + "`completion overshoot`). After `loss`, the extra loss is averaged over the completion's own "
                + "tokens (its symbols and EOS) only, as in the papers.");
        doc("shortest", "`completion shortest`: the shortest completion that violates R1 (adversarial) or satisfies it "
                + "(oracle), earliest alphabet symbols first, then EOS; often EOS alone. The default.");
        doc("overshoot", "`completion overshoot` (adversarial only, the papers' completion): R1 must balance two "
                + "symbols (#x = #y, as in aⁿbⁿ); the prompt gets copies of the symbol that is not ahead until it is "
                + "one ahead, then EOS: #a ≥ #b appends #a − #b + 1 b's (`b a` → `b`), else #b − #a + 1 a's "
                + "(`b b a` → `a a`). Other R1s (aⁿbⁿcⁿ's three counts, parity, patterns, brackets) are refused.");
        doc("sequence", "`loss sequence` (the default): the extra loss is averaged over every target the loss "
                + "convention counts from the completion's start to the padded end; with `loss includes pad` the PAD "
                + "targets after EOS count too. With `loss excludes pad` it equals `loss completion`.");
        doc("sampled", "`prompts sampled` (the default): each step trains a batch-size sample of the completed OOD "
                + "prompts, drawn from (seed, step).");
        doc("regimes", "Which training regimes the study runs: maxLikelihood, adversarial, oracle (default "
                + "maxLikelihood).");
        doc("maxLikelihood", "Ordinary next-token training.");
        doc("adversarial", "Next-token training plus a loss on OOD prompts completed so that rule R1 is violated.");
        doc("oracle", "Next-token training plus a loss on OOD prompts completed so that rule R1 holds.");
        doc("checkpoint", "`checkpoint every 1000 steps keep best`: how often to save the model and which to keep "
                + "(best, latest, all). Default: every evaluation, keep best.");
        doc("finetuning", "A fine-tuning stage after pre-training: `finetuning NAME on LANGUAGE with PROMPTS { steps "
                + "500 examples 1000 lr 1e-4 reparametrizeScale 2 hessianTraceSamples 100 }`.");
        doc("study", "A study: `study NAME on LANGUAGE with PROMPTS using PROTOCOL { ... }`. Its runs are the product "
                + "models × regimes × seeds × every `vary` line.");
        doc("models", "The models the study trains, by name.");
        doc("seeds", "Random seeds: a range `1..5`, a list `1, 7, 42`, or both. Default: seed 1.");
        doc("vary", "`vary optimizer.lr over 1e-3, 2e-3`: one run per value (whole-number ranges such as `1..4` "
                + "allowed), or random values: `vary optimizer.lr over logUniform(1e-4..1e-2) samples 8 seed 7`. "
                + "Any numeric parameter of the run plan can be varied.");
        doc("logUniform", "`vary optimizer.lr over logUniform(1e-4..1e-2) samples 8`: values whose logarithm is "
                + "uniform between the bounds' (bounds above 0), rounded to 4 significant digits.");
        doc("samples", "`samples 8`: how many values a `uniform(..)` or `logUniform(..)` sweep draws (one run each).");
        doc("seed", "`seed 7`: which values a sampled sweep draws (default 1); the same seed gives the same values "
                + "and so the same run ids.");
        doc("set", "`set language.maxLength to 24`: override one parameter for every run of the study.");
        doc("then", "`then FINETUNING`: after pre-training, run this fine-tuning stage.");
        doc("metric", "A reported metric: `metric accuracy of R1 on ood summary max maximize`. Quantities: testLoss, "
                + "trainLoss, gap, accuracy, completionAccuracy, grammatical, finished, iclAccuracy, finetuneLoss, "
                + "hessianTrace, relativeFlatness.");
        doc("summary", "How a run's metric series becomes one number: min, max, last, or atBest (at the checkpoint "
                + "with the lowest test loss).");
        doc("atBest", "The value at the evaluation with the lowest test loss.");
        doc("id", "In-distribution prompts: those the generator can still complete into a word of the language.");
        doc("ood", "Out-of-distribution prompts: those no word of the language starts with.");
        doc("unconditional", "The SOS token alone: unconditional generation.");
        doc("maximize", "Higher is better (for tables and best-run selection).");
        doc("minimize", "Lower is better.");
    }

    private KeywordDocumentation() {
    }

    private static void doc(String keyword, String text) {
        DOCS.put(keyword, text);
    }

    public static Optional<String> of(String keyword) {
        return Optional.ofNullable(DOCS.get(keyword));
    }

    public static Map<String, String> all() {
        return java.util.Collections.unmodifiableMap(DOCS);
    }
}
