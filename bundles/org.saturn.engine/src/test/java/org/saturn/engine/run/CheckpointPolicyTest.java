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
        if (every != null) {
            parameters.put("checkpoint.every", every);
        }
        if (keep != null) {
            parameters.put("checkpoint.keep", keep);
        }
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
    void withoutACheckpointSettingEveryEvaluationCheckpointsAndTheBestIsKept() {
        CheckpointPolicy policy = CheckpointPolicy.of(settings(null, null));
        assertThat(policy.every()).isEqualTo(250);
        assertThat(policy.keepsBest()).isTrue();
    }

    @Test
    void anUnknownKeepIsOneClearMessage() {
        assertThatThrownBy(() -> CheckpointPolicy.of(settings(100L, "newest")))
                .hasMessage("checkpoint keep is best, latest or all, not 'newest'");
    }
}
