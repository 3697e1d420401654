package org.saturn.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A run's completions per evaluation step: {@code completions/step-00001200.tsv}, one file per
 * evaluation, written atomically so a reader never sees half of one. Tab-separated, one row per
 * prompt after a {@code # vocab ...} header line:
 * {@code set, prompt, completion, finished (1|0), rules (R1=1 R2=0 ...), probabilities}, where
 * symbols are space-separated and probabilities are rows separated by {@code ;} of
 * comma-separated values in vocabulary order.
 */
public final class CompletionsLog {

    public static final String FOLDER = "completions";
    private static final String VOCAB_HEADER = "# vocab ";

    private CompletionsLog() {
    }

    /** The file of one evaluation step. */
    public static Path file(Path runDirectory, long step) {
        return runDirectory.resolve(FOLDER).resolve(String.format(Locale.ROOT, "step-%08d.tsv", step));
    }

    /** Writes one evaluation's completions, replacing any earlier file of that step. */
    public static void write(Path runDirectory, long step, List<String> vocabulary, List<CompletionRow> rows) {
        StringBuilder text = new StringBuilder(VOCAB_HEADER).append(String.join(" ", vocabulary)).append('\n');
        for (CompletionRow row : rows) {
            text.append(row.set()).append('\t').append(String.join(" ", row.prompt())).append('\t')
                    .append(String.join(" ", row.completion())).append('\t').append(row.finished() ? '1' : '0')
                    .append('\t');
            StringBuilder rules = new StringBuilder();
            new TreeMap<>(row.rules()).forEach((rule, holds) -> rules.append(rules.isEmpty() ? "" : " ").append(rule)
                    .append('=').append(holds ? '1' : '0'));
            text.append(rules).append('\t');
            for (int i = 0; i < row.probabilities().size(); i++) {
                if (i > 0) {
                    text.append(';');
                }
                double[] distribution = row.probabilities().get(i);
                for (int j = 0; j < distribution.length; j++) {
                    if (j > 0) {
                        text.append(',');
                    }
                    text.append(String.format(Locale.ROOT, "%.4g", distribution[j]));
                }
            }
            text.append('\n');
        }
        AtomicFiles.writeString(file(runDirectory, step), text.toString());
    }

    /** The evaluation steps with stored completions, ascending. */
    public static List<Long> steps(Path runDirectory) {
        Path folder = runDirectory.resolve(FOLDER);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith("step-") && name.endsWith(".tsv"))
                    .map(name -> Long.parseLong(name.substring(5, name.length() - 4))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        } catch (NumberFormatException e) {
            return List.of();
        }
    }

    /** The vocabulary (index order of the probability rows) of one step's file; empty if absent. */
    public static List<String> vocabulary(Path runDirectory, long step) {
        List<String> lines = lines(runDirectory, step);
        if (lines.isEmpty() || !lines.get(0).startsWith(VOCAB_HEADER)) {
            return List.of();
        }
        return Arrays.asList(lines.get(0).substring(VOCAB_HEADER.length()).trim().split(" "));
    }

    /** One step's rows; a missing file reads as none, a malformed row is skipped. */
    public static List<CompletionRow> read(Path runDirectory, long step) {
        List<CompletionRow> rows = new ArrayList<>();
        for (String line : lines(runDirectory, step)) {
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split("\t", -1);
            if (cells.length != 6) {
                continue;
            }
            try {
                Map<String, Boolean> rules = new LinkedHashMap<>();
                for (String entry : symbols(cells[4])) {
                    int eq = entry.indexOf('=');
                    rules.put(entry.substring(0, eq), entry.charAt(eq + 1) == '1');
                }
                List<double[]> probabilities = new ArrayList<>();
                if (!cells[5].isEmpty()) {
                    for (String distribution : cells[5].split(";")) {
                        probabilities.add(Arrays.stream(distribution.split(",")).mapToDouble(Double::parseDouble).toArray());
                    }
                }
                rows.add(new CompletionRow(cells[0], symbols(cells[1]), symbols(cells[2]), cells[3].equals("1"), rules,
                        probabilities));
            } catch (RuntimeException e) {
                // a row this reader cannot parse loses that row, never the file
            }
        }
        return rows;
    }

    private static List<String> symbols(String cell) {
        return cell.isBlank() ? List.of() : Arrays.asList(cell.trim().split(" "));
    }

    private static List<String> lines(Path runDirectory, long step) {
        try {
            // decoded leniently: bytes that are not UTF-8 spoil their row only (skipped by the reader)
            return List.of(new String(Files.readAllBytes(file(runDirectory, step)), StandardCharsets.UTF_8).split("\n"));
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file(runDirectory, step), e);
        }
    }
}
