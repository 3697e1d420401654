package org.saturn.engine.cli;

import org.saturn.core.optimal.LossConvention;

import picocli.CommandLine.Option;

/** The options that name a built-in language and a loss convention ({@code optimal}, {@code witness}). */
final class BuiltinLanguageOptions {

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

    LossConvention lossConvention() {
        return LossConvention.parse(convention);
    }
}
