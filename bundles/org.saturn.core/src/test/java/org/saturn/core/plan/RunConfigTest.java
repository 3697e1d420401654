package org.saturn.core.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class RunConfigTest {

    private static Map<String, Object> anbnTransformer() {
        Map<String, Object> parameters = new TreeMap<>();
        parameters.put("language", "AnBn");
        parameters.put("language.maxLength", 256L);
        parameters.put("model.kind", "transformer");
        parameters.put("model.dModel", 10L);
        parameters.put("optimizer.lr", 2e-3);
        parameters.put("optimizer.betas", List.of(0.9, 0.98));
        parameters.put("regime", "adversarial");
        parameters.put("seed", 3L);
        return parameters;
    }

    @Test
    void theSameConfigurationHasTheSameIdEveryTime() {
        RunConfig first = new RunConfig("CaseStudy1", "Tf", anbnTransformer());
        RunConfig second = new RunConfig("CaseStudy1", "Tf", new TreeMap<>(anbnTransformer()));

        assertThat(first.id()).isEqualTo(second.id()).hasSize(RunConfig.ID_LENGTH).matches("[0-9a-f]+");
        assertThat(first).isEqualTo(second);
    }

    @Test
    void changingAnyParameterChangesTheId() {
        RunConfig base = new RunConfig("CaseStudy1", "Tf", anbnTransformer());

        for (String key : anbnTransformer().keySet()) {
            Object value = base.get(key);
            Object changed = value instanceof Long l ? l + 1 : value instanceof Double d ? d * 2
                    : value instanceof List<?> ? List.of(0.5) : value + "x";
            assertThat(base.with(key, changed).id()).as(key).isNotEqualTo(base.id());
        }
        assertThat(base.with("model.ff", 1024L).id()).isNotEqualTo(base.id());
    }

    @Test
    void labelsAndNumberSpellingsDoNotChangeTheId() {
        RunConfig base = new RunConfig("CaseStudy1", "Tf", anbnTransformer());
        Map<String, Object> respelled = anbnTransformer();
        respelled.put("optimizer.lr", 0.0020);
        respelled.put("model.dModel", 10);

        assertThat(new RunConfig("Renamed", "Transformer", respelled).id()).isEqualTo(base.id());
        assertThat(base.with("model.dModel", 10.0).id()).as("10 and 10.0 are one value").isEqualTo(base.id());
    }

    @Test
    void jsonLeadsWithTheRunMatrixCoordinates() {
        RunConfig run = new RunConfig("CaseStudy1", "Tf", anbnTransformer());

        assertThat(run.toJson()).startsWith("{\"id\": \"" + run.id()
                + "\", \"study\": \"CaseStudy1\", \"model\": \"Tf\", \"regime\": \"adversarial\", \"seed\": 3, ")
                .contains("\"optimizer.betas\": [0.9, 0.98]").contains("\"optimizer.lr\": 0.002").endsWith("}");
        assertThat(run.regime()).isEqualTo("adversarial");
        assertThat(run.seed()).isEqualTo(3);
    }

    @Test
    void jsonRoundTripKeepsEveryValueTypeAndTheId() {
        Map<String, Object> parameters = anbnTransformer();
        parameters.put("data.weights", List.of(1L, 2L));
        parameters.put("model.tied", true);
        parameters.put("model.bias", false);
        parameters.put("language.definition", "language AnBn {\n\tS -> \"a\" S \"b\" | \\e\n}");
        parameters.put("optimizer.eps", 1e-9);
        parameters.put("optimizer.schedule", List.of("warmup", 0.5, 10L, List.of(true)));
        RunConfig run = new RunConfig("CaseStudy1", "Tf", parameters);

        RunConfig read = RunConfig.fromJson(run.toJson());

        assertThat(read).isEqualTo(run);
        assertThat(read.id()).isEqualTo(run.id());
        assertThat(read.parameters()).containsExactlyEntriesOf(run.parameters());
        assertThat(read.get("optimizer.eps")).isInstanceOf(Double.class);
        assertThat(read.get("seed")).isInstanceOf(Long.class);
        assertThat(read.toJson()).isEqualTo(run.toJson());
        assertThat(RunConfig.fromJson(run.toJson() + "\n")).as("config.json ends with a newline").isEqualTo(run);
    }

    @Test
    void wholeDoublesReadBackAsLongsWithTheSameId() {
        RunConfig run = new RunConfig("S", "M", Map.of("optimizer.clip", 1.0, "seed", 1L, "regime", "r"));

        RunConfig read = RunConfig.fromJson(run.toJson());

        assertThat(run.toJson()).contains("\"optimizer.clip\": 1}");
        assertThat(read.get("optimizer.clip")).isEqualTo(1L);
        assertThat(read.id()).isEqualTo(run.id());
    }

    @Test
    void runsWithoutSeedOrRegimeReadBack() {
        RunConfig run = new RunConfig("S", "M", Map.of("x", 1L));

        assertThat(run.toJson()).isEqualTo("{\"id\": \"" + run.id() + "\", \"study\": \"S\", \"model\": \"M\", \"regime\": null, "
                + "\"seed\": 0, \"x\": 1}");
        assertThat(RunConfig.fromJson(run.toJson())).isEqualTo(run);
    }

    /** The bytes (and ids) of config.json files written before Saturn used Jackson. */
    @Test
    void jsonAndIdKeepTheirBytes() {
        Map<String, Object> parameters = new TreeMap<>();
        parameters.put("text", "q\"b\\s/\n\r\t\b\f\u0001\u001f\u007f \u00e9 \u2211 \ud83d\ude00 \u2028");
        parameters.put("whole", 10.0);
        parameters.put("big", 1e15);
        parameters.put("tiny", 1e-4);
        parameters.put("huge", 1.5e300);
        parameters.put("count", -3L);
        parameters.put("flag", true);
        parameters.put("list", List.of(0.9, 0.98, 3L, "x", List.of(true)));
        parameters.put("empty", List.of());
        parameters.put("regime", "adversarial");
        parameters.put("seed", 3L);
        RunConfig run = new RunConfig("S\"1", "M", parameters);

        assertThat(run.id()).isEqualTo("677c45fe4ef6");
        assertThat(run.toJson()).isEqualTo("{\"id\": \"677c45fe4ef6\", \"study\": \"S\\\"1\", \"model\": \"M\", "
                + "\"regime\": \"adversarial\", \"seed\": 3, \"big\": 1.0E15, \"count\": -3, \"empty\": [], \"flag\": true, "
                + "\"huge\": 1.5E300, \"list\": [0.9, 0.98, 3, \"x\", [true]], "
                + "\"text\": \"q\\\"b\\\\s/\\n\\r\\t\\u0008\\u000c\\u0001\\u001f\u007f \u00e9 \u2211 \ud83d\ude00 \u2028\", "
                + "\"tiny\": 1.0E-4, \"whole\": 10}");
        RunConfig plain = new RunConfig("S", "M", Map.of("x", 1L));
        assertThat(new RunPlan(List.of(run, plain)).toJson()).isEqualTo("[\n  " + run.toJson() + ",\n  " + plain.toJson() + "\n]");
    }

    @Test
    void fromJsonRefusesWhatIsNotARunConfig() {
        RunConfig run = new RunConfig("S", "M", anbnTransformer());

        assertThatThrownBy(() -> RunConfig.fromJson("not json")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON");
        assertThatThrownBy(() -> RunConfig.fromJson("[1]")).hasMessageStartingWith("not a JSON object");
        assertThatThrownBy(() -> RunConfig.fromJson("{\"model\": \"M\"}")).hasMessageContaining("study");
        assertThatThrownBy(() -> RunConfig.fromJson("{\"study\": \"S\", \"model\": \"M\", \"x\": {\"a\": 1}}"))
                .hasMessageContaining("parameter x");
        assertThatThrownBy(() -> RunConfig.fromJson(run.toJson().replace("\"seed\": 3", "\"seed\": 4")))
                .hasMessageContaining("id " + run.id() + " does not match");
    }

    @Test
    void rejectsValuesThatCannotBeHashedCanonically() {
        assertThatThrownBy(() -> new RunConfig("S", "M", Map.of("x", Double.NaN))).hasMessageContaining("x");
        assertThatThrownBy(() -> new RunConfig("S", "M", Map.of("x", new Object()))).hasMessageContaining("x");
    }

    @Test
    void planFindsRunsAndReportsCollisions() {
        RunConfig one = new RunConfig("S", "A", anbnTransformer());
        RunConfig same = new RunConfig("S", "B", anbnTransformer());
        RunConfig other = one.with("seed", 4L);
        RunPlan plan = new RunPlan(List.of(one, same, other));

        assertThat(plan.find(other.id())).contains(other);
        assertThat(plan.collisions()).hasSize(1);
        assertThat(plan.study("S").size()).isEqualTo(3);
        assertThat(plan.toJson()).startsWith("[\n  {").endsWith("}\n]");
        assertThat(new RunPlan(List.of()).toJson()).isEqualTo("[]");
    }
}
