package org.saturn.engine.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a worker reports after each evaluation (and when it starts, stops or fails): one JSON
 * object per line on its standard output. The terminal display and the workbench read the same
 * lines ({@code saturn run --progress json}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressEvent(String study, String runId, String model, String regime, Long seed, String status,
        Long step, Long totalSteps, Double trainLoss, Double testLoss, Double optimalLoss, Double oodR1,
        Double elapsedSeconds, String message) {

    public static final String STARTED = "started";
    public static final String EVALUATED = "evaluated";
    public static final String FINISHED = "finished";
    public static final String STOPPED = "stopped";
    public static final String FAILED = "failed";
    public static final String SKIPPED = "skipped";
    /** Another live process trains the run now (its lock names it): no failure. */
    public static final String HELD = "held";

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Gap to the optimum in percent of the optimal loss, or null when either is unknown. */
    public Double gapPercent() {
        return testLoss == null || optimalLoss == null || optimalLoss <= 0 ? null
                : 100.0 * (testLoss - optimalLoss) / optimalLoss;
    }

    /** Seconds left at the current pace, or null before the first evaluation. */
    public Double etaSeconds() {
        if (step == null || totalSteps == null || elapsedSeconds == null || step <= 0) {
            return null;
        }
        return elapsedSeconds / step * Math.max(0, totalSteps - step);
    }

    public String toJsonLine() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The event on this line, or null when the line is not an event (a worker's stray output). */
    public static ProgressEvent parse(String line) {
        if (line == null || !line.startsWith("{")) {
            return null;
        }
        try {
            return JSON.readValue(line, ProgressEvent.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public ProgressEvent withStatus(String newStatus, String newMessage) {
        return new ProgressEvent(study, runId, model, regime, seed, newStatus, step, totalSteps, trainLoss, testLoss,
                optimalLoss, oodR1, elapsedSeconds, newMessage);
    }
}
