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
