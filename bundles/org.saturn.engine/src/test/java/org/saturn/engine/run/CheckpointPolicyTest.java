package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;
import org.saturn.core.plan.RunConfig;

class CheckpointPolicyTest {

    private static RunSettings settings(Object every, Object keep) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("model.kind", "linear");
        parameters.put("optimizer.lr", 0.01);
        parameters.put("training.batch", 4);
        parameters.put("training.steps", 1000L);
        parameters.put("evaluate.every", 250L);
        // a complete config, as the compiler writes it: RunSettings fills in nothing
        parameters.put("optimizer.kind", "sgd");
        parameters.put("schedule.kind", "constant");
        parameters.put("schedule.warmup", 0L);
        parameters.put("loss.pad", "included");
        parameters.put("regime", "maxLikelihood");
        parameters.put("earlyStopping.patience", 0L);
        parameters.put("saturation.withinPercent", 0.0);
        parameters.put("saturation.evaluations", 0L);
        parameters.put("decode.kind", "greedy");
        parameters.put("decode.budget", 8L);
        parameters.put("checkpoint.every", every);
        parameters.put("checkpoint.keep", keep);
        return RunSettings.of(new RunConfig("S", "Linear", parameters));
    }

    @Test
    void theLatestCheckpointFollowsTheProtocolsIntervalAndKeepSaysWhatElseIsKept() {
        CheckpointPolicy best = CheckpointPolicy.of(settings(400L, "best"));
        assertThat(LongStream.rangeClosed(1, 1000).filter(best::latestDue).toArray()).containsExactly(400, 800);
        assertThat(best.keepsBest()).isTrue();
        assertThat(best.keepsEvery()).isFalse();

        CheckpointPolicy latest = CheckpointPolicy.of(settings(400L, "latest"));
        assertThat(latest.keepsBest()).isFalse();
        assertThat(latest.keepsEvery()).isFalse();
        assertThat(CheckpointPolicy.of(settings(400L, "all")).keepsEvery()).isTrue();
        assertThat(CheckpointPolicy.archiveName(400)).isEqualTo("step-00000400");
    }

    @Test
    void withoutACheckpointSettingEveryEvaluationCheckpointsAndTheBestIsKept() throws Exception {
        // the spec compiler resolves the default (RunSettings has none): tiny.saturn sets no checkpoint
        java.nio.file.Path spec = java.nio.file.Files.createTempFile("tiny", ".saturn");
        try (java.io.InputStream in = getClass().getResourceAsStream("/run/tiny.saturn")) {
            java.nio.file.Files.copy(in, spec, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            RunConfig config = SpecPlan.load(new org.saturn.dsl.compiler.SpecChecker(), spec, null).configs().get(0);
            CheckpointPolicy policy = CheckpointPolicy.of(RunSettings.of(config));
            assertThat(policy.every()).isEqualTo(10); // evaluate every 10 steps
            assertThat(policy.keepsBest()).isTrue();
        } finally {
            java.nio.file.Files.deleteIfExists(spec);
        }
    }

    @Test
    void anUnknownKeepIsOneClearMessage() {
        assertThatThrownBy(() -> CheckpointPolicy.of(settings(100L, "newest")))
                .hasMessage("checkpoint keep is best, latest or all, not 'newest'");
    }
}
