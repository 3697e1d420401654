package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.saturn.core.optimal.LossConvention;
import org.saturn.core.optimal.OptimalLoss;
import org.saturn.core.optimal.OptimalLossResult;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code saturn optimal --builtin NAME --max-length L} or {@code saturn optimal SPEC}: the exact (or Monte-Carlo) optimal test loss. */
@Command(name = "optimal", mixinStandardHelpOptions = true,
        description = "Print the minimal achievable test loss (nats/token) of a built-in language or a spec's language: the entropy of its "
                + "word distribution over the predicted positions.")
public final class OptimalCommand implements Callable<Integer> {

    @Mixin
    LanguageOptions options;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LossConvention lossConvention = options.lossConvention();
        OptimalLossResult result = OptimalLoss.of(options.language(), lossConvention);
        PrintWriter out = spec.commandLine().getOut();
        out.println(options.json ? toJson(result) : result.describe());
        out.flush();
        return 0;
    }

    static String toJson(OptimalLossResult result) throws Exception {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("language", result.language());
        object.put("maxLength", result.maxLength());
        object.put("convention", result.convention().label());
        object.put("entropyPerWord", result.entropyPerWord());
        object.put("optimalLoss", result.optimalLoss());
        object.put("exact", result.exact());
        object.put("ci95", result.ci95());
        return new ObjectMapper().writeValueAsString(object);
    }
}
