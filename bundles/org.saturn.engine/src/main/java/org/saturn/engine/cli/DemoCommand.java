package org.saturn.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code saturn demo}: the paper's finding on a laptop CPU. Trains the reduced Case Study 1
 * (a Transformer on aⁿbⁿ under max-likelihood, adversarial and oracle training, several seeds),
 * then prints the report and writes the HTML report next to the store.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the reduced Case Study 1 (examples/case-study-1-reduced.saturn) on this machine, then "
                + "print the report: equal test loss near the optimum, OOD rule extrapolation from 0 to high.")
public final class DemoCommand implements Callable<Integer> {

    static final String SPEC = "case-study-1-reduced.saturn";

    @Option(names = "--store", paramLabel = "DIR", description = "run store (default: runs/ next to the example)")
    Path store;

    @Option(names = "--examples", paramLabel = "DIR", defaultValue = "examples",
            description = "the examples folder (default: examples)")
    Path examples;

    @Option(names = "--workers", paramLabel = "N", description = "parallel workers (default: one per core)")
    Integer workers;

    @Spec
    picocli.CommandLine.Model.CommandSpec command;

    @Override
    public Integer call() {
        Path spec = examples.resolve(SPEC);
        if (!Files.isRegularFile(spec)) {
            throw new IllegalArgumentException("cannot find " + spec + "; run saturn demo from the Saturn checkout or pass "
                    + "--examples DIR");
        }
        Path runs = store != null ? store : spec.toAbsolutePath().getParent().resolve("runs");
        int parallel = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        CommandLine cli = command.commandLine().getParent();
        int trained = cli.execute("run", spec.toString(), "--store", runs.toString(), "--workers", Integer.toString(parallel));
        if (trained != 0) {
            return trained;
        }
        return cli.execute("report", runs.toString(), "--study", "CaseStudy1Reduced", "--html",
                runs.resolve("case-study-1-report.html").toString());
    }
}
