package org.saturn.ui.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The engine's JSON progress events as the Progress view and the Console read them (Jackson inside OSGi). */
class StudyProgressTest {

    private static final String STARTED = "{\"study\":\"Quick\",\"runId\":\"535f10b5d6b5\",\"model\":\"QuickTf\","
            + "\"regime\":\"adversarial\",\"seed\":1,\"status\":\"started\",\"step\":0,\"totalSteps\":300}";
    private static final String EVALUATED = "{\"study\":\"Quick\",\"runId\":\"535f10b5d6b5\",\"model\":\"QuickTf\","
            + "\"regime\":\"adversarial\",\"seed\":1,\"status\":\"evaluated\",\"step\":150,\"totalSteps\":300,"
            + "\"testLoss\":0.34521,\"optimalLoss\":0.33,\"oodR1\":0.25}";

    @Test
    void eventsUpdateTheRunsAndTheFraction() {
        StudyProgress progress = new StudyProgress();
        progress.acceptError("saturn run: 2 runs in /tmp/runs; 0 already finished, 2 to train\n");
        progress.acceptLine(STARTED);
        progress.acceptLine(EVALUATED);

        StudyProgress.RunState run = progress.runs().get("535f10b5d6b5");
        assertEquals("evaluated", run.status());
        assertEquals(150, run.step());
        assertEquals(300, run.totalSteps());
        assertEquals(100 * (0.34521 - 0.33) / 0.33, run.gapPercent(), 1e-12);
        assertEquals(0.25, progress.fraction(), 1e-12);
        assertEquals("0 of 2 runs done · 535f10: step 150/300, gap +4.6%", progress.summary());
    }

    @Test
    void linesThatAreNotEventsAreIgnored() {
        StudyProgress progress = new StudyProgress();
        progress.acceptLine("{not json");
        progress.acceptLine("{\"runId\": [1, 2]}");
        progress.acceptLine(STARTED + " trailing");
        progress.acceptLine("{\"status\":\"started\"}");
        progress.acceptLine("step 3");

        assertEquals(0, progress.runs().size());
        assertNull(StudyProgress.describe("{not json"));
        assertNull(StudyProgress.describe("[1]"));
    }

    @Test
    void describesAnEventAsASentence() {
        assertEquals("Quick/535f10b5d6b5 (QuickTf, adversarial, seed 1) evaluated at step 150/300: test loss 0.34521, "
                + "optimal 0.33000, gap +4.61%, OOD R1 0.25", StudyProgress.describe(EVALUATED));
        assertEquals("Quick/535f10b5d6b5 (QuickTf, adversarial, seed 1) failed: out of memory", StudyProgress.describe(
                "{\"study\":\"Quick\",\"runId\":\"535f10b5d6b5\",\"model\":\"QuickTf\",\"regime\":\"adversarial\","
                        + "\"seed\":1,\"status\":\"failed\",\"message\":\"out of memory\"}"));
    }

    @Test
    void aDivergedLossWrittenAsNaNTextIsANumber() {
        StudyProgress progress = new StudyProgress();
        progress.acceptLine(EVALUATED.replace("0.34521", "\"NaN\""));

        assertEquals(Double.NaN, progress.runs().get("535f10b5d6b5").gapPercent());
    }
}
