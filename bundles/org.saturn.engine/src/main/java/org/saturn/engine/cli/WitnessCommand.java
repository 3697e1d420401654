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

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
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
