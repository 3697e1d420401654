package org.saturn.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.saturn.dsl.compiler.SaturnCompiler;
import org.saturn.dsl.compiler.SpecChecker;
import org.saturn.dsl.compiler.SpecDiagnostic;

/**
 * Mutates the examples (deleting, duplicating and swapping tokens, with fixed seeds) and checks
 * that checking never throws, never reports an internal error, and that a spec without errors
 * still compiles to a run plan.
 */
class FuzzTest {

    private static final int MUTATIONS = 400;
    private static final Pattern TOKEN = Pattern.compile("\"[^\"]*\"|//[^\n]*|\\S+");

    @Test
    void mutatedExamplesAlwaysGetDiagnosticsNeverExceptions() throws Exception {
        List<Path> examples = ExamplesTest.examples();
        SpecChecker checker = new SpecChecker();
        SaturnCompiler compiler = new SaturnCompiler();
        Random random = new Random(20241128);
        int withErrors = 0;
        for (int i = 0; i < MUTATIONS; i++) {
            Path example = examples.get(random.nextInt(examples.size()));
            String mutated = mutate(Files.readString(example), random);
            // beside the example, so that its import resolves the same way
            Path path = example.resolveSibling("fuzz-" + i + ".saturn");

            SpecChecker.Result result = checker.check(path, mutated);

            assertThat(result.diagnostics()).as("mutation %d of %s:%n%s", i, example, mutated)
                    .noneMatch(d -> d.message().startsWith("internal error"))
                    .noneMatch(d -> d.message().contains("Error executing EValidator"))
                    .allMatch(d -> d.line() >= 1 && d.column() >= 0);
            if (result.hasErrors()) {
                withErrors++;
            } else if (result.spec() != null) {
                try {
                    compiler.compile(result.spec());
                } catch (SaturnCompiler.SpecException e) {
                    // a clear refusal is fine; anything else fails the test
                }
            }
        }
        assertThat(withErrors).as("most mutations break something").isGreaterThan(MUTATIONS / 4);
    }

    private static String mutate(String text, Random random) {
        List<int[]> tokens = new ArrayList<>();
        Matcher matcher = TOKEN.matcher(text);
        while (matcher.find()) {
            tokens.add(new int[] { matcher.start(), matcher.end() });
        }
        List<String> pieces = new ArrayList<>();
        int previousEnd = 0;
        for (int[] token : tokens) {
            pieces.add(text.substring(previousEnd, token[0]) + text.substring(token[0], token[1]));
            previousEnd = token[1];
        }
        String tail = text.substring(previousEnd);
        int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations && pieces.size() > 2; m++) {
            int at = random.nextInt(pieces.size() - 1);
            switch (random.nextInt(3)) {
                case 0 -> pieces.remove(at);
                case 1 -> pieces.add(at, pieces.get(at));
                default -> Collections.swap(pieces, at, at + 1);
            }
        }
        return String.join("", pieces) + tail;
    }

    @Test
    void emptyAndBinaryInputAreDiagnosedToo() {
        SpecChecker checker = new SpecChecker();
        assertThat(checker.check(Path.of("target/empty.saturn"), "").diagnostics()).isEmpty();
        assertThat(checker.check(Path.of("target/binary.saturn"), "\u0000\u0001{{}}\u00ff").diagnostics())
                .isNotEmpty().allMatch(d -> d.severity() == SpecDiagnostic.Severity.ERROR);
    }
}
