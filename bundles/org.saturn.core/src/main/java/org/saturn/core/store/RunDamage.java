package org.saturn.core.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.saturn.core.metrics.MetricKeys;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;

/**
 * Which files of a run are damaged (unreadable record, config, metric or completion rows, or
 * checkpoint) and how a damaged run is set aside so that it trains again: the broken files are
 * MOVED under {@code <store>/.damaged/<study>/<run>/<time>/} (never deleted), the metric series
 * keeps its readable prefix (the original is copied there), and every checkpoint taken at or after
 * the first lost row or completion goes there too, so the run resumes from the newest readable
 * checkpoint before the damage (an older kept one becomes {@code latest}) or retrains from step 0.
 * The training loop then drops the series and completions after that point, as on any resume.
 */
public final class RunDamage {

    /** The folder under the store's root where set-aside files go. */
    public static final String FOLDER = ".damaged";
    static final String CHECKPOINTS = "checkpoints";
    static final String STATE = "state.bin";
    /** The checkpoint folders a run resumes from: pre-training's and fine-tuning's. */
    private static final String[] STAGE_PREFIXES = { "", "finetune-" };
    private static final String LATEST = "latest";

    /**
     * Reads a checkpoint folder completely and returns its step, or throws with what is wrong (the
     * engine's reader: the core cannot read the arrays inside).
     */
    @FunctionalInterface
    public interface CheckpointReader {
        long step(Path folder);
    }

    /** What a set-aside did: where the originals went and one line per action. */
    public record SetAside(Path folder, List<String> actions) {
    }

    private RunDamage() {
    }

    /** The damaged files among the record, config, metrics and completions (no checkpoints). */
    public static List<Damage> find(RunDirectory run) {
        return find(run, null);
    }

    /** The damaged files of the run, its checkpoints too when {@code checkpoints} is given. */
    public static List<Damage> find(RunDirectory run, CheckpointReader checkpoints) {
        List<Damage> damage = new ArrayList<>();
        Path recordFile = run.path().resolve(RunDirectory.RECORD);
        RunRecord record = null;
        try {
            record = run.record().orElse(null);
        } catch (StoreException e) {
            damage.add(new Damage(run, recordFile, reason(e, recordFile)));
        }
        checkConfig(run, record, damage);
        MetricsScan metrics = MetricsScan.of(run.path().resolve(RunDirectory.METRICS), record);
        // a missing record is no damage: the run reads as not recorded yet and its worker resumes it
        if (metrics.problem != null) {
            damage.add(new Damage(run, metrics.file, metrics.problem));
        }
        checkCompletions(run, record, metrics, damage);
        if (checkpoints != null) {
            checkCheckpoints(run, record, checkpoints, damage);
        }
        return damage;
    }

    private static String reason(RuntimeException e, Path file) {
        String message = String.valueOf(e.getMessage());
        String prefix = file + ": ";
        int at = message.indexOf(prefix);
        return at >= 0 ? message.substring(0, at).trim() + " (" + message.substring(at + prefix.length()) + ")" : message;
    }

    private static void checkConfig(RunDirectory run, RunRecord record, List<Damage> damage) {
        Path file = run.path().resolve(RunDirectory.CONFIG);
        if (!Files.exists(file)) {
            // an unfinished run gets its config from the next dispatch; a finished one has no next one
            if (record != null && record.getStatus() == RunStatus.FINISHED) {
                damage.add(new Damage(run, file, "missing (the run finished)"));
            }
            return;
        }
        String text;
        try {
            text = strictText(Files.readAllBytes(file));
        } catch (CharacterCodingException e) {
            damage.add(new Damage(run, file, "not UTF-8 text"));
            return;
        } catch (IOException e) {
            damage.add(new Damage(run, file, "cannot be read: " + e.getMessage()));
            return;
        }
        try {
            RunConfig config = RunConfig.fromJson(text);
            if (!config.id().equals(run.runId()) || !config.study().equals(run.study())) {
                damage.add(new Damage(run, file, "describes run " + config.study() + "/" + config.id()
                        + ", not the run of its folder"));
            }
        } catch (RuntimeException e) {
            damage.add(new Damage(run, file, "unreadable config (" + e.getMessage() + ")"));
        }
    }

    private static void checkCompletions(RunDirectory run, RunRecord record, MetricsScan metrics, List<Damage> damage) {
        Path folder = run.path().resolve(CompletionsLog.FOLDER);
        TreeSet<Long> present = new TreeSet<>();
        for (Path file : list(folder)) {
            long step = completionStep(file);
            if (step < 0) {
                continue;
            }
            present.add(step);
            String problem = completionsProblem(file);
            if (problem != null) {
                damage.add(new Damage(run, file, problem));
            }
        }
        if (present.isEmpty()) {
            return; // a run without prompts writes none
        }
        // an evaluation the record already counts must have its completions (a crash between an
        // evaluation's rows and its completions leaves them missing only after the checkpoint)
        long covered = record == null ? -1 : record.getStatus() == RunStatus.FINISHED ? Long.MAX_VALUE
                : record.getCheckpointStep();
        for (long step : metrics.evaluations) {
            if (step <= covered && !present.contains(step)) {
                damage.add(new Damage(run, CompletionsLog.file(run.path(), step),
                        "missing (the evaluation at step " + step + " has none)"));
            }
        }
    }

    private static long completionStep(Path file) {
        String name = file.getFileName().toString();
        if (!name.startsWith("step-") || !name.endsWith(".tsv")) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(5, name.length() - 4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** What is wrong with one completions file, or null. */
    static String completionsProblem(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            return "cannot be read: " + e.getMessage();
        }
        if (bytes.length == 0) {
            return "empty";
        }
        String text;
        try {
            text = strictText(bytes);
        } catch (CharacterCodingException e) {
            return "not UTF-8 text";
        }
        if (text.charAt(text.length() - 1) != '\n') {
            return "truncated (the last row is cut off)";
        }
        String[] lines = text.split("\n", -1);
        if (!lines[0].startsWith("# vocab ")) {
            return "no vocabulary header line";
        }
        for (int i = 1; i < lines.length - 1; i++) {
            if (!completionRowParses(lines[i])) {
                return "row " + (i + 1) + " unreadable";
            }
        }
        return null;
    }

    private static boolean completionRowParses(String line) {
        String[] cells = line.split("\t", -1);
        if (cells.length != 6 || !(cells[3].equals("0") || cells[3].equals("1"))) {
            return false;
        }
        if (!cells[4].isBlank()) {
            for (String rule : cells[4].trim().split(" ")) {
                int eq = rule.indexOf('=');
                if (eq <= 0 || eq != rule.length() - 2 || "01".indexOf(rule.charAt(eq + 1)) < 0) {
                    return false;
                }
            }
        }
        if (!cells[5].isEmpty()) {
            try {
                for (String distribution : cells[5].split(";", -1)) {
                    for (String p : distribution.split(",", -1)) {
                        Double.parseDouble(p);
                    }
                }
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    private static void checkCheckpoints(RunDirectory run, RunRecord record, CheckpointReader reader,
            List<Damage> damage) {
        boolean resumable = false;
        for (Path folder : list(run.path().resolve(CHECKPOINTS))) {
            Path state = folder.resolve(STATE);
            if (!Files.isRegularFile(state)) {
                continue; // folders are made on demand before anything is written into them
            }
            try {
                reader.step(folder);
                resumable |= isLatest(folder);
            } catch (RuntimeException e) {
                damage.add(new Damage(run, state, "unreadable checkpoint (" + e.getMessage() + ")"));
            }
        }
        if (!resumable && record != null && record.getStatus() != RunStatus.FINISHED && record.getCheckpointStep() > 0
                && damage.stream().noneMatch(d -> d.file().getFileName().toString().equals(STATE))) {
            damage.add(new Damage(run, run.path().resolve(CHECKPOINTS).resolve(LATEST).resolve(STATE),
                    "missing (the record resumes from step " + record.getCheckpointStep() + ")"));
        }
    }

    private static boolean isLatest(Path folder) {
        String name = folder.getFileName().toString();
        for (String prefix : STAGE_PREFIXES) {
            if (name.equals(prefix + LATEST)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sets the damaged files aside (see the class comment) and leaves the run where a worker resumes
     * it. {@code reader} reads the checkpoints kept (to choose the one to resume from).
     */
    public static SetAside setAside(RunDirectory run, List<Damage> damage, CheckpointReader reader) {
        Path root = run.path().getParent().getParent();
        Path aside = root.resolve(FOLDER).resolve(run.study()).resolve(run.runId())
                .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT)));
        List<String> actions = new ArrayList<>();
        RunRecord record = null;
        try {
            record = run.record().orElse(null);
        } catch (StoreException e) {
            // it is among the damage and moves aside below
        }
        long limit = Long.MAX_VALUE; // checkpoints at or after this step cannot be resumed from
        boolean dataLost = false;
        boolean redispatch = false;
        try {
            Files.createDirectories(aside);
            StringBuilder reasons = new StringBuilder();
            for (Damage d : damage) {
                reasons.append(d.line()).append('\n');
                Path file = d.file();
                String name = file.getFileName().toString();
                Path relative = run.path().relativize(file);
                if (name.equals(RunDirectory.METRICS)) {
                    MetricsScan metrics = MetricsScan.of(file, record);
                    if (Files.exists(file)) {
                        copy(file, aside.resolve(relative));
                        actions.add("kept the " + metrics.rows + " readable rows of " + name + " (original copied to "
                                + aside.resolve(relative) + ")");
                    }
                    AtomicFiles.writeString(file, metrics.readablePrefix);
                    limit = Math.min(limit, metrics.limit);
                    dataLost = true;
                } else if (relative.startsWith(CompletionsLog.FOLDER)) {
                    moveIfThere(file, aside.resolve(relative), actions);
                    limit = Math.min(limit, completionStep(file));
                    dataLost = true;
                } else if (name.equals(STATE)) {
                    moveIfThere(file, aside.resolve(relative), actions);
                    dataLost = true;
                } else {
                    moveIfThere(file, aside.resolve(relative), actions);
                    if (name.equals(RunDirectory.RECORD)) {
                        record = null;
                    } else {
                        redispatch = true; // the next saturn run writes the config again
                    }
                }
            }
            AtomicFiles.writeString(aside.resolve("damage.txt"), reasons.toString());
            if (limit < Long.MAX_VALUE) {
                for (Path folder : list(run.path().resolve(CHECKPOINTS))) {
                    Path state = folder.resolve(STATE);
                    if (Files.isRegularFile(state) && stepOrMinus(reader, folder) >= limit) {
                        moveIfThere(state, aside.resolve(run.path().relativize(state)), actions);
                    }
                }
            }
            long resumeStep = restoreLatest(run, reader, limit, actions);
            if (record != null && ((dataLost || redispatch) && record.getStatus() == RunStatus.FINISHED
                    || record.getStatus() != RunStatus.FINISHED && record.getStatus() != RunStatus.PLANNED)) {
                record.setStatus(RunStatus.STOPPED);
                record.setCheckpointStep(resumeStep);
                record.setMessage("damaged files set aside in " + aside + "; "
                        + (resumeStep > 0 ? "resumes from step " + resumeStep : "trains again from step 0"));
                run.writeRecord(record);
                actions.add(resumeStep > 0 ? "the run resumes from its checkpoint at step " + resumeStep
                        : "the run trains again from step 0");
            } else if (record == null) {
                actions.add("the run trains again" + (resumeStep > 0 ? " from its checkpoint at step " + resumeStep : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the damaged files of " + run + " in " + aside, e);
        }
        return new SetAside(aside, actions);
    }

    /**
     * Makes each stage's {@code latest} the newest readable checkpoint before {@code limit} when it
     * is gone (an older kept one: {@code best} or {@code step-N}); returns the step a run resumes from.
     */
    private static long restoreLatest(RunDirectory run, CheckpointReader reader, long limit, List<String> actions)
            throws IOException {
        long resume = -1;
        Path checkpoints = run.path().resolve(CHECKPOINTS);
        for (String prefix : STAGE_PREFIXES) {
            Path latest = checkpoints.resolve(prefix + LATEST);
            long step = Files.isRegularFile(latest.resolve(STATE)) ? stepOrMinus(reader, latest) : -1;
            if (step < 0) {
                Path best = null;
                for (Path folder : list(checkpoints)) {
                    String name = folder.getFileName().toString();
                    if (name.equals(prefix + "best") || name.startsWith(prefix + "step-")) {
                        long own = Files.isRegularFile(folder.resolve(STATE)) ? stepOrMinus(reader, folder) : -1;
                        if (own >= 0 && own < limit && own > step) {
                            step = own;
                            best = folder;
                        }
                    }
                }
                if (best != null) {
                    Files.createDirectories(latest);
                    Path temporary = latest.resolve(STATE + ".tmp-" + ProcessHandle.current().pid());
                    Files.copy(best.resolve(STATE), temporary, StandardCopyOption.REPLACE_EXISTING);
                    Files.move(temporary, latest.resolve(STATE), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                    actions.add("resumes from " + best.getFileName() + " (step " + step + ") as " + latest.getFileName());
                }
            }
            resume = Math.max(resume, step);
        }
        return resume;
    }

    private static long stepOrMinus(CheckpointReader reader, Path folder) {
        try {
            return reader.step(folder);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    private static void moveIfThere(Path file, Path target, List<String> actions) throws IOException {
        if (Files.exists(file)) {
            Files.createDirectories(target.getParent());
            Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
            actions.add("moved " + file + " to " + target);
        }
    }

    private static void copy(Path file, Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<Path> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(folder)) {
            return children.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    private static String strictText(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    /**
     * One pass over {@code metrics.csv}: the problem (null when sound), its readable prefix (the
     * header and the rows before the first bad one), and the step from which on checkpoints are of
     * no use (a checkpoint at the last readable step may be followed by lost rows of that step).
     */
    private static final class MetricsScan {
        final Path file;
        String problem;
        String readablePrefix = MetricsLog.HEADER + "\n";
        int rows;
        long limit = Long.MAX_VALUE;
        final TreeSet<Long> evaluations = new TreeSet<>();

        private MetricsScan(Path file) {
            this.file = file;
        }

        static MetricsScan of(Path file, RunRecord record) {
            MetricsScan scan = new MetricsScan(file);
            boolean expected = record != null && (record.getStep() > 0 || record.getStatus() == RunStatus.FINISHED);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (java.nio.file.NoSuchFileException e) {
                if (expected) {
                    scan.fail("missing (the record is at step " + record.getStep() + ")", -1);
                }
                return scan;
            } catch (IOException e) {
                scan.fail("cannot be read: " + e.getMessage(), -1);
                return scan;
            }
            if (bytes.length == 0) {
                if (expected) {
                    scan.fail("empty (the record is at step " + record.getStep() + ")", -1);
                }
                return scan;
            }
            StringBuilder prefix = new StringBuilder();
            long lastStep = -1;
            int start = 0;
            int lineNumber = 0;
            while (start < bytes.length) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                lineNumber++;
                if (end == bytes.length) { // no line break: a torn last row
                    // a crash leaves one and the next append repairs it; a finished run closed its file
                    if (record != null && record.getStatus() == RunStatus.FINISHED) {
                        scan.fail("truncated (row " + lineNumber + " is cut off)", lastStep);
                    }
                    break;
                }
                String line;
                try {
                    line = strictText(java.util.Arrays.copyOfRange(bytes, start, end));
                } catch (CharacterCodingException e) {
                    line = null;
                }
                start = end + 1;
                if (lineNumber == 1) {
                    if (!MetricsLog.HEADER.equals(line)) {
                        scan.fail("no header line", -1);
                        break;
                    }
                    prefix.append(line).append('\n');
                    continue;
                }
                long step = line == null ? -2 : rowStep(line);
                if (step < 0 || step < lastStep) {
                    scan.fail("row " + lineNumber + " unreadable", lastStep);
                    break;
                }
                lastStep = step;
                scan.rows++;
                if (line.contains("," + MetricKeys.TEST_LOSS + ",")) {
                    scan.evaluations.add(step);
                }
                prefix.append(line).append('\n');
            }
            if (scan.problem == null && record != null && record.getStatus() == RunStatus.FINISHED
                    && lastStep < record.getStep()) {
                scan.fail("truncated (it ends at step " + lastStep + ", the run finished at step " + record.getStep()
                        + ")", lastStep);
            }
            scan.readablePrefix = prefix.isEmpty() ? MetricsLog.HEADER + "\n" : prefix.toString();
            return scan;
        }

        private void fail(String reason, long lastReadableStep) {
            problem = reason;
            limit = Math.max(0, lastReadableStep);
        }

        /** The step of a sound row {@code step,wallSeconds,key,value}; -1 for anything else. */
        private static long rowStep(String line) {
            String[] cells = line.split(",", -1);
            if (cells.length != 4 || cells[2].isEmpty()) {
                return -1;
            }
            try {
                Double.parseDouble(cells[1]);
                Double.parseDouble(cells[3]);
                return Long.parseLong(cells[0]);
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
