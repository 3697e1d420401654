package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import org.saturn.core.lang.Language;
import org.saturn.core.metrics.PromptSetMetrics;
import org.saturn.core.optimal.MixtureWitness;
import org.saturn.core.optimal.Witness;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saturn witness --builtin NAME --max-length L}: two oracles, same optimal loss, opposite OOD behaviour. */
@Command(name = "witness", mixinStandardHelpOptions = true,
        description = "Non-identifiability without training: two oracle models equal to the true conditionals on every "
                + "possible prefix, completing OOD prompts so that R1 holds or fails. Prints their test loss and "
                + "ID/OOD rule accuracies (greedy decoding, accuracies over finished completions).")
public final class WitnessCommand implements Callable<Integer> {

    @Mixin
    LanguageOptions options;

    @Option(names = "--prompt-length", defaultValue = "8", paramLabel = "K",
            description = "for a spec's language: the length of the exhaustive prompts (default ${DEFAULT-VALUE}; "
                    + "a built-in uses its paper's)")
    int promptLength;

    @Option(names = "--mixture", paramLabel = "NAME",
            description = "case study 2: the spec's mixture; two oracles that follow or ignore the context's task on "
                    + "in-context prompts")
    String mixture;

    @Option(names = "--examples", defaultValue = "4", paramLabel = "K",
            description = "with --mixture: in-context prompts with 0..K examples (default ${DEFAULT-VALUE})")
    int examples;

    @Option(names = "--queries", defaultValue = "30", paramLabel = "Q",
            description = "with --mixture: queries per k (default ${DEFAULT-VALUE})")
    int queries;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (mixture != null) {
            if (examples < 0 || queries < 1) {
                throw new IllegalArgumentException("--examples must be at least 0 and --queries at least 1");
            }
            MixtureWitness.Report report = MixtureWitness.run(options.mixture(mixture, examples), examples, queries,
                    options.lossConvention());
            PrintWriter out = spec.commandLine().getOut();
            out.print(options.json ? new ObjectMapper().writeValueAsString(report) + System.lineSeparator()
                    : mixtureTable(report));
            out.flush();
            return 0;
        }
        Language language = options.language();
        Witness.Report report = Witness.run(language, options.promptLength(promptLength), options.lossConvention());
        PrintWriter out = spec.commandLine().getOut();
        out.print(options.json ? toJson(report) + System.lineSeparator() : table(language, report));
        out.flush();
        return 0;
    }

    private static String table(Language language, Witness.Report report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s, max length %d, %s convention: optimal loss %s nats/token%n",
                report.language(), report.maxLength(), report.convention().label(),
                org.saturn.core.optimal.OptimalLossResult.significant(report.optimal().optimalLoss())));
        Witness.Row first = report.rows().get(0);
        text.append(String.format(Locale.ROOT, "prompts: %s (%d ID, %d OOD)%ntest set: %s%n", report.promptSet(),
                first.inDistribution().completions(), first.outOfDistribution().completions(), report.testSet()));
        List<String> columns = new ArrayList<>(List.of("test loss"));
        List<String> rules = language.rules().stream().limit(2).map(r -> r.name()).toList();
        for (String set : List.of("ID", "OOD")) {
            rules.forEach(r -> columns.add(set + " " + r));
            columns.add(set + " finished");
        }
        text.append(String.format(Locale.ROOT, "%-28s", "model"));
        columns.forEach(c -> text.append(String.format(Locale.ROOT, "%13s", c)));
        text.append(System.lineSeparator());
        for (Witness.Row row : report.rows()) {
            text.append(String.format(Locale.ROOT, "%-28s%13.6f", row.oracle(), row.testLoss()));
            for (PromptSetMetrics metrics : List.of(row.inDistribution(), row.outOfDistribution())) {
                rules.forEach(r -> text.append(String.format(Locale.ROOT, "%13.3f", metrics.accuracy(r))));
                text.append(String.format(Locale.ROOT, "%13.3f", metrics.finishedFraction()));
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }

    private static String mixtureTable(MixtureWitness.Report report) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%s, sequences up to %d symbols, %s convention: optimal loss %s nats/token%n",
                report.mixture(), report.maxLength(), report.convention().label(),
                org.saturn.core.optimal.OptimalLossResult.significant(report.optimal().optimalLoss())));
        text.append(String.format(Locale.ROOT, "prompts: %s%nε = mean |ln p - ln q| over %d sampled sequences: %.3g "
                + "(the oracles equal the data's conditionals wherever it can go, so their KL to it is 0)%n",
                report.promptSet(), MixtureWitness.TEST_WORDS, report.epsilon()));
        MixtureWitness.Row first = report.rows().get(0);
        text.append(String.format(Locale.ROOT, "%-38s%13s%13s", "model", "test loss", "KL"));
        first.iclAccuracy().keySet().forEach(k -> text.append(String.format(Locale.ROOT, "%9s", "ICL k=" + k)));
        text.append(System.lineSeparator());
        for (MixtureWitness.Row row : report.rows()) {
            text.append(String.format(Locale.ROOT, "%-38s%13.6f%13.3g", row.oracle(), row.testLoss(), row.klToData()));
            row.iclAccuracy().values().forEach(v -> text.append(String.format(Locale.ROOT, "%9.3f", v)));
            text.append(System.lineSeparator());
        }
        text.append(String.format(Locale.ROOT, "%-64s", "chance (a task drawn by weight)"));
        first.chance().values().forEach(v -> text.append(String.format(Locale.ROOT, "%9.3f", v)));
        text.append(System.lineSeparator());
        return text.toString();
    }

    private static String toJson(Witness.Report report) throws Exception {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("language", report.language());
        object.put("maxLength", report.maxLength());
        object.put("convention", report.convention().label());
        object.put("optimalLoss", report.optimal().optimalLoss());
        object.put("promptSet", report.promptSet());
        object.put("testSet", report.testSet());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Witness.Row row : report.rows()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("oracle", row.oracle());
            r.put("testLoss", row.testLoss());
            r.put("id", metrics(row.inDistribution()));
            r.put("ood", metrics(row.outOfDistribution()));
            rows.add(r);
        }
        object.put("oracles", rows);
        return new ObjectMapper().writeValueAsString(object);
    }

    private static Map<String, Object> metrics(PromptSetMetrics metrics) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prompts", metrics.completions());
        m.put("finished", Double.isNaN(metrics.finishedFraction()) ? null : metrics.finishedFraction());
        metrics.accuracies().forEach((k, v) -> m.put(k, Double.isNaN(v) ? null : v));
        return m;
    }
}
