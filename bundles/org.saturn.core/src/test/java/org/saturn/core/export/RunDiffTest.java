package org.saturn.core.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Differing config keys and environment, summaries side by side; runs named by id, prefix or STUDY/ID. */
class RunDiffTest {

    @TempDir
    Path dir;

    @Test
    void onlyWhatDiffersAndEverySummary() throws Exception {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        store.run("CS1", "a1").writeText("environment.json", "{\"host\":\"n1\",\"java\":\"17\",\"gitDirty\":false}");
        store.run("CS1", "b2").writeText("environment.json", "{\"host\":\"n2\",\"java\":\"17\",\"gitDirty\":true}");
        RunDiff diff = RunDiff.of(store, List.of("a1", "CS1/b2"));

        assertThat(diff.config()).containsOnlyKeys("optimizer.lr", "seed");
        assertThat(diff.config().get("optimizer.lr")).containsExactly("0.001", "0.01");
        assertThat(diff.environment()).containsOnlyKeys("gitDirty", "host");
        assertThat(diff.summaries().get("test.loss atBest")).containsExactly(0.3, 0.22);
        assertThat(diff.summaries().get("ood.R1 last")).containsExactly(0.45, 0.25);
        assertThat(diff.table()).contains("CS1/a1").contains("CS1/b2").contains("optimizer.lr").contains("0.001")
                .contains("host").contains("n2").contains("test.loss atBest").contains("0.220000")
                .doesNotContain("model.name").doesNotContain("java");

        JsonNode json = new ObjectMapper().readTree(diff.json());
        assertThat(json.get("runs").toString()).isEqualTo("[\"CS1/a1\",\"CS1/b2\"]");
        assertThat(json.get("config").get("seed").toString()).isEqualTo("[\"1\",\"2\"]");
        assertThat(json.get("summaries").get("test.loss").get("min").toString()).isEqualTo("[0.3,0.22]");
    }

    @Test
    void aRunThatIsAlikeHasNothingDiffering() {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        RunDiff diff = RunDiff.of(store, List.of("a1", "a1"));
        assertThat(diff.config()).isEmpty();
        assertThat(diff.table()).contains("config: the same").contains("environment: the same");
        assertThat(Arrays.stream(diff.summaries().get("test.loss atBest")).boxed().toList()).containsExactly(0.3, 0.3);
    }

    @Test
    void namesThatMatchNoneOrSeveralAreClearErrors() {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        assertThatThrownBy(() -> RunDiff.of(store, List.of("b", "a2"))).isInstanceOf(StoreException.class)
                .hasMessage("'b' names 2 runs (CS1/b1, CS1/b2): give more of the id, or STUDY/ID");
        assertThatThrownBy(() -> RunDiff.of(store, List.of("a1", "CS2/a1"))).isInstanceOf(StoreException.class)
                .hasMessageStartingWith("no run 'CS2/a1' in ");
        assertThatThrownBy(() -> RunDiff.of(store, List.of("a1"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least two runs");
    }
}
