package org.saturn.ui.launch;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The progress of one {@code saturn run --progress json}: the run count from its first line on
 * standard error, then one JSON event per line on standard output (the engine's ProgressEvent:
 * study, runId, status, step, totalSteps, testLoss, optimalLoss, ...). Thread-safe; lines arrive
 * from the process's stream readers.
 */
public final class StudyProgress {

    /** One event per line: text after the object makes the line something else. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Pattern PLAN = Pattern.compile("saturn run: (\\d+) runs in .*; (\\d+) already finished, (\\d+) to train");

    /** The last known state of one run. */
    public record RunState(String runId, String status, long step, long totalSteps, Double gapPercent) {
        boolean ended() {
            return !"started".equals(status) && !"evaluated".equals(status);
        }
    }

    private final Map<String, RunState> runs = new LinkedHashMap<>();
    private int toTrain = -1;
    private int alreadyFinished;
    private final StringBuilder errors = new StringBuilder();

    public synchronized void acceptError(String text) {
        errors.append(text);
        if (errors.length() > 64_000) {
            errors.delete(0, errors.length() - 64_000);
        }
        for (String line : text.split("\n")) {
            Matcher plan = PLAN.matcher(line);
            if (plan.find()) {
                alreadyFinished = Integer.parseInt(plan.group(2));
                toTrain = Integer.parseInt(plan.group(3));
            }
        }
    }

    /** Takes one line of standard output; anything that is not an event is ignored. */
    public synchronized void acceptLine(String line) {
        line = line.strip();
        if (!line.startsWith("{")) {
            return;
        }
        try {
            JsonNode event = event(line);
            String runId = string(event, "runId");
            if (runId == null) {
                return;
            }
            Double test = number(event, "testLoss");
            Double optimal = number(event, "optimalLoss");
            Double gap = test != null && optimal != null && optimal > 0 ? 100 * (test - optimal) / optimal : null;
            RunState before = runs.get(runId);
            Double step = number(event, "step");
            Double total = number(event, "totalSteps");
            runs.put(runId, new RunState(runId, string(event, "status"),
                    step != null ? step.longValue() : before != null ? before.step() : 0,
                    total != null ? total.longValue() : before != null ? before.totalSteps() : 0,
                    gap != null ? gap : before != null ? before.gapPercent() : null));
        } catch (RuntimeException | JsonProcessingException e) {
            // a line that merely starts with '{' is a worker's stray output, not an event
        }
    }

    /** Fraction of the training done, 0..1, over the runs this launch trains. */
    public synchronized double fraction() {
        int total = toTrain > 0 ? toTrain : Math.max(1, runs.size());
        double done = 0;
        for (RunState run : runs.values()) {
            done += run.ended() ? 1 : run.totalSteps() > 0 ? Math.min(1, (double) run.step() / run.totalSteps()) : 0;
        }
        return Math.min(1, done / total);
    }

    public synchronized int ended() {
        return (int) runs.values().stream().filter(RunState::ended).count();
    }

    public synchronized int count(String status) {
        return (int) runs.values().stream().filter(r -> status.equals(r.status())).count();
    }

    /** {@code 1 of 4 runs done · 3f2a9c: step 150/300, gap +4.1% · ...}: the Progress view's line. */
    public synchronized String summary() {
        StringBuilder text = new StringBuilder();
        int total = toTrain >= 0 ? toTrain : runs.size();
        text.append(ended()).append(" of ").append(total).append(total == 1 ? " run" : " runs").append(" done");
        if (alreadyFinished > 0) {
            text.append(" (").append(alreadyFinished).append(" finished before)");
        }
        for (RunState run : runs.values()) {
            if (!run.ended()) {
                text.append(" · ").append(run.runId(), 0, Math.min(6, run.runId().length())).append(": step ")
                        .append(run.step()).append('/').append(run.totalSteps());
                if (run.gapPercent() != null) {
                    text.append(String.format(Locale.ROOT, ", gap %+.1f%%", run.gapPercent()));
                }
            }
        }
        return text.toString();
    }

    /** The engine's messages (standard error), the last 64,000 characters. */
    public synchronized String errorText() {
        return errors.toString();
    }

    public synchronized Map<String, RunState> runs() {
        return Map.copyOf(runs);
    }

    /**
     * One event as a sentence for the console, e.g. {@code QuickStudy/535f10b5d6b5 (QuickTf,
     * adversarial, seed 1) evaluated at step 150/300: test loss 0.34521, optimal 0.33000, gap
     * +4.61%, OOD R1 0.25}; null when the line is not an event.
     */
    public static String describe(String line) {
        line = line.strip();
        if (!line.startsWith("{")) {
            return null;
        }
        try {
            JsonNode e = event(line);
            if (string(e, "runId") == null || string(e, "status") == null) {
                return null;
            }
            StringBuilder text = new StringBuilder();
            text.append(string(e, "study")).append('/').append(string(e, "runId")).append(" (").append(string(e, "model"))
                    .append(", ").append(string(e, "regime")).append(", seed ").append(whole(number(e, "seed")))
                    .append(") ").append(string(e, "status"));
            if (number(e, "step") != null) {
                text.append(" at step ").append(whole(number(e, "step")));
                if (number(e, "totalSteps") != null) {
                    text.append('/').append(whole(number(e, "totalSteps")));
                }
            }
            Double test = number(e, "testLoss");
            Double optimal = number(e, "optimalLoss");
            String separator = ": ";
            if (test != null) {
                text.append(separator).append(String.format(Locale.ROOT, "test loss %.5f", test));
                separator = ", ";
                if (optimal != null && optimal > 0) {
                    text.append(String.format(Locale.ROOT, ", optimal %.5f, gap %+.2f%%", optimal,
                            100 * (test - optimal) / optimal));
                }
            }
            if (number(e, "oodR1") != null) {
                text.append(separator).append(String.format(Locale.ROOT, "OOD R1 %.2f", number(e, "oodR1")));
                separator = ", ";
            }
            if (string(e, "message") != null) {
                text.append(separator).append(string(e, "message"));
            }
            return text.toString();
        } catch (RuntimeException | JsonProcessingException notAnEvent) {
            return null;
        }
    }

    private static String whole(Double value) {
        return value == null ? "?" : Long.toString(value.longValue());
    }

    private static JsonNode event(String line) throws JsonProcessingException {
        JsonNode event = JSON.readTree(line);
        if (!event.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return event;
    }

    private static String string(JsonNode object, String key) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isValueNode()) {
            throw new IllegalArgumentException(key + " is not a value");
        }
        return value.asText();
    }

    /** A number, or a number's text (the engine writes NaN as "NaN"). */
    private static Double number(JsonNode object, String key) {
        JsonNode value = object.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isNumber() ? value.doubleValue() : Double.parseDouble(value.asText());
    }
}
