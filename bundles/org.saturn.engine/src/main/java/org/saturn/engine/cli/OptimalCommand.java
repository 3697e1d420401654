package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.saturn.core.lang.BuiltinLanguages;
import org.saturn.core.optimal.LossConvention;
import org.saturn.core.optimal.OptimalLoss;
import org.saturn.core.optimal.OptimalLossResult;

import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code saturn optimal --builtin NAME --max-length L}: the exact (or Monte-Carlo) optimal test loss. */
@Command(name = "optimal", mixinStandardHelpOptions = true,
        description = "Print the minimal achievable test loss (nats/token) of a built-in language: the entropy of its "
                + "word distribution over the predicted positions.")
public final class OptimalCommand implements Callable<Integer> {

    @Option(names = "--builtin", required = true, paramLabel = "NAME",
            description = "built-in language: anbn, anbncn, baN, bbaN, dyck, csdyck, abN, aNbM, anbnan")
    String builtin;

    @Option(names = "--max-length", required = true, paramLabel = "L", description = "maximum word length")
    int maxLength;

    @Option(names = "--convention", defaultValue = "pad", paramLabel = "pad|nopad",
            description = "pad: PAD targets included over max length + 1 positions (the papers'); nopad: real targets only "
                    + "(default: ${DEFAULT-VALUE})")
    String convention;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LossConvention lossConvention = LossConvention.parse(convention);
        OptimalLossResult result = OptimalLoss.of(BuiltinLanguages.create(builtin, maxLength), lossConvention);
        PrintWriter out = spec.commandLine().getOut();
        out.println(json ? toJson(result) : result.describe());
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
