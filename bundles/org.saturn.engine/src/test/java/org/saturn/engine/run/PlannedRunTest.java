package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;

/** config.json, the worker's contract: read back it is the same run (same id), and an edit is refused. */
class PlannedRunTest {

    @TempDir
    Path folder;

    @Test
    void aWrittenConfigReadsBackAsTheSameRun() {
        Map<String, Object> parameters = new TreeMap<>();
        parameters.put("regime", "oracle");
        parameters.put("seed", 3L);
        parameters.put("regime.weight", 1.0); // JSON writes 1: the id must not change
        parameters.put("optimizer.lr", 2e-3);
        parameters.put("optimizer.betas", List.of(0.9, 0.999));
        parameters.put("model.scaleEmbedding", true);
        parameters.put("language.definition", "language L { alphabet a b rule R1 \"x\" : a* }\n");
        RunConfig config = new RunConfig("Study", "Model", parameters);
        RunDirectory directory = RunStore.create(folder).run(config.study(), config.id());
        PlannedRun.write(directory, config, "spec text");

        RunConfig read = PlannedRun.read(directory);
        assertThat(read.id()).isEqualTo(config.id());
        assertThat(read.study()).isEqualTo("Study");
        assertThat(read.model()).isEqualTo("Model");
        assertThat(read.canonicalForm()).isEqualTo(config.canonicalForm());
        assertThat(directory.readText(RunDirectory.SPEC)).contains("spec text");
    }

    @Test
    void anEditedOrMissingConfigIsOneClearMessage() {
        RunConfig config = new RunConfig("Study", "Model", Map.of("regime", "maxLikelihood", "seed", 1L));
        RunDirectory directory = RunStore.create(folder).run(config.study(), config.id());
        assertThatThrownBy(() -> PlannedRun.read(directory)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no config.json");
        directory.writeText(RunDirectory.CONFIG, config.toJson().replaceAll("\"seed\"\\s*:\\s*1", "\"seed\": 2"));
        assertThatThrownBy(() -> PlannedRun.read(directory)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was changed after planning");
    }
}
