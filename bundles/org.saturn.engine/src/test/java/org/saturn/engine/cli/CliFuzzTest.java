package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input of every kind against every command: mutated specs (deleted, inserted and duplicated
 * text, huge, negative and malformed numbers, deep nesting, random bytes, an empty file) and bad
 * argument lists (unknown options, missing or out-of-range values, missing files, a store that is a
 * file or cannot be written). Each must end with exit code 0, 1 or 2 — never a crash — and print
 * no Java exception name or stack frame; bad arguments exit non-zero with one or two lines.
 */
class CliFuzzTest extends CliTestBase {

    private static final Pattern JAVA = Pattern.compile(
            "internal error|Exception|\\bjava\\.|\\bat [a-z]+\\.[a-z]|Error:|StackOverflow|OutOfMemory|\\bCannot invoke\\b");
    private static final String[] NUMBERS = { "99999999999999999999", "-5", "0", "1e400", "-0", "1.5.2", "NaN",
            "2147483648", "-2147483649" };
    private static final int MUTANTS = 60;
    private static final String INSERTED = "{}()\"..:;,#$%^&*=-+/\\0123456789ae";

    @Test
    void mutatedSpecsNeverCrashAnyCommand(@TempDir Path dir) throws Exception {
        Path examples = Path.of("../../examples");
        Files.copy(examples.resolve("stdlib.saturn"), dir.resolve("stdlib.saturn"));
        String seed = Files.readString(examples.resolve("quick-study.saturn"));
        Random random = new Random(20261203);
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < MUTANTS; i++) {
            specs.add(mutate(seed, random));
        }
        specs.add("");
        specs.add("language L { alphabet a b rule R : " + "(".repeat(5000) + "a" + ")".repeat(5000) + " }");
        specs.add(seed.replace("steps 300", "steps " + "9".repeat(40)));
        specs.add(seed.replace("seeds 1..2", "seeds 5..-3"));
        specs.add(seed.replace("batch 16", "batch -16"));
        specs.add(seed.replace("set language.maxLength to 8", "set language.maxLength to 100000000"));
        byte[] noise = new byte[4096];
        random.nextBytes(noise);
        Path binary = dir.resolve("noise.saturn");
        Files.write(binary, noise);

        List<Path> files = new ArrayList<>(List.of(binary));
        for (int i = 0; i < specs.size(); i++) {
            Path file = dir.resolve("mutant" + i + ".saturn");
            Files.writeString(file, specs.get(i));
            files.add(file);
        }
        Path store = dir.resolve("store");
        for (Path file : files) {
            String spec = file.toString();
            expectNoCrash("check", spec);
            expectNoCrash("plan", spec, "--no-probe"); // the probe trains: PlanProbeTest covers it
            expectNoCrash("run", spec, "--dry-run", "--store", store.toString());
            expectNoCrash("slurm", spec, "--dry-run", "--store", store.toString());
            expectNoCrash("optimal", spec);
        }
    }

    @Test
    void badArgumentsGetOneClearLine(@TempDir Path dir) throws Exception {
        Path spec = dir.resolve("quick.saturn");
        Files.copy(Path.of("../../examples/stdlib.saturn"), dir.resolve("stdlib.saturn"));
        Files.copy(Path.of("../../examples/quick-study.saturn"), spec);
        Path aFile = Files.writeString(dir.resolve("a-file"), "x");
        Path emptyStore = Files.createDirectories(dir.resolve("empty-store"));
        String s = spec.toString();
        List<String[]> bad = new ArrayList<>(List.of(
                new String[] { "frobnicate" },
                new String[] { "run" },
                new String[] { "run", s, "--workers", "-1" },
                new String[] { "run", s, "--workers", "0", "--dry-run" },
                new String[] { "run", s, "--workers", "lots" },
                new String[] { "run", s, "--backend", "tpu" },
                new String[] { "run", s, "--store", aFile.toString() },
                new String[] { "run", s, "--store", "/proc/version/store" },
                new String[] { "run", s, "--only", "nonsense" },
                new String[] { "run", s, "--only", "seed=99" },
                new String[] { "run", s, "--study", "NoSuchStudy" },
                new String[] { "run", dir.resolve("missing.saturn").toString() },
                new String[] { "run", dir.toString() },
                new String[] { "plan", s, "--bogus" },
                new String[] { "report", dir.resolve("no-store").toString() },
                new String[] { "report", aFile.toString() },
                new String[] { "report", emptyStore.toString(), "--html", "/proc/version/report.html" },
                new String[] { "export", dir.resolve("no-store").toString(), "--runs", "r.csv" },
                new String[] { "export", emptyStore.toString(), "--runs", "r.csv" },
                new String[] { "export", emptyStore.toString() },
                new String[] { "export", emptyStore.toString(), "--metrics" },
                new String[] { "diff", "a", "b", "--store", emptyStore.toString() },
                new String[] { "diff", "a", "b", "--store", aFile.toString() },
                new String[] { "tag", "a", "k=v", "--store", emptyStore.toString() },
                new String[] { "tag", "--store", emptyStore.toString() },
                new String[] { "optimal", "--builtin", "nope", "--max-length", "8" },
                new String[] { "optimal", "--builtin", "anbn", "--max-length", "-3" },
                new String[] { "optimal", "--builtin", "anbn", "--max-length", "99999999999" },
                new String[] { "optimal", "--builtin", "anbn", "--max-length", "0" },
                new String[] { "witness", "--builtin", "anbn", "--max-length", "-1" },
                new String[] { "bench", "--steps", "-4" },
                new String[] { "bench", "--width", "0", "--steps", "1" },
                new String[] { "slurm", "--status", "--store", aFile.toString() },
                new String[] { "worker", "--store", emptyStore.toString(), "--run", "S/nope" }));
        for (String[] args : bad) {
            int code = expectNoCrash(args);
            assertThat(code).as(String.join(" ", args) + "\n" + err).isIn(1, 2);
            long lines = err.toString().lines().filter(l -> !l.isBlank()).count();
            assertThat(lines).as(String.join(" ", args) + "\n" + err).isBetween(1L, 2L);
        }
    }

    private int expectNoCrash(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        int code = run(args);
        String printed = out + "\n" + err;
        assertThat(code).as(String.join(" ", args) + "\n" + printed).isIn(0, 1, 2);
        assertThat(JAVA.matcher(printed).find()).as(String.join(" ", args) + "\n" + printed).isFalse();
        return code;
    }

    /** One to three random edits of the spec's text. */
    private static String mutate(String text, Random random) {
        StringBuilder spec = new StringBuilder(text);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(spec.length());
            switch (random.nextInt(5)) {
                case 0 -> spec.delete(at, Math.min(spec.length(), at + 1 + random.nextInt(20)));
                case 1 -> spec.insert(at, INSERTED.charAt(random.nextInt(INSERTED.length())));
                case 2 -> {
                    int end = spec.indexOf("\n", at);
                    int start = spec.lastIndexOf("\n", at);
                    if (end > start && start >= 0) {
                        spec.insert(end, spec.substring(start, end));
                    }
                }
                case 3 -> {
                    java.util.regex.Matcher number = Pattern.compile("\\d+(\\.\\d+)?(e-?\\d+)?").matcher(spec);
                    List<int[]> spans = new ArrayList<>();
                    while (number.find()) {
                        spans.add(new int[] { number.start(), number.end() });
                    }
                    if (!spans.isEmpty()) {
                        int[] span = spans.get(random.nextInt(spans.size()));
                        spec.replace(span[0], span[1], NUMBERS[random.nextInt(NUMBERS.length)]);
                    }
                }
                default -> spec.insert(at, " (((( ");
            }
        }
        return spec.toString();
    }
}
