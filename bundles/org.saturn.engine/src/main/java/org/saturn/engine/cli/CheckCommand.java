package org.saturn.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.compiler.SpecDiagnostic;

import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code saturn check FILE...}: syntax, names and validation of spec files, as compiler-style lines. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check .saturn spec files: print path:line:col: error|warning: message per problem; "
                + "exit 1 when there is an error, 0 otherwise.")
public final class CheckCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "spec files to check")
    List<Path> files;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SpecChecker checker = SpecSupport.checker();
        int errors = 0;
        int warnings = 0;
        for (Path file : files) {
            for (SpecDiagnostic diagnostic : checker.check(file).diagnostics()) {
                out.println(diagnostic);
                errors += diagnostic.severity() == SpecDiagnostic.Severity.ERROR ? 1 : 0;
                warnings += diagnostic.severity() == SpecDiagnostic.Severity.WARNING ? 1 : 0;
            }
        }
        out.flush();
        err.println(files.size() + (files.size() == 1 ? " file" : " files") + " checked: " + plural(errors, "error")
                + ", " + plural(warnings, "warning"));
        err.flush();
        return errors > 0 ? 1 : 0;
    }

    static String plural(int count, String noun) {
        return count + " " + noun + (count == 1 ? "" : "s");
    }
}
