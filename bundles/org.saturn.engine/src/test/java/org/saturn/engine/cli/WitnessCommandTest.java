package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


class WitnessCommandTest extends CliTestBase {


    @Test
    void tableShowsEqualLossAndOppositeOodR1() {
        assertThat(run("witness", "--builtin", "anbn", "--max-length", "64")).isZero();
        String table = out.toString();
        assertThat(table).contains("(5 ID, 251 OOD)").contains("OOD R1");
        String[] lines = table.strip().split("\\R");
        String satisfy = lines[lines.length - 2];
        String violate = lines[lines.length - 1];
        assertThat(satisfy).startsWith("oracle (satisfy R1 OOD)");
        assertThat(violate).startsWith("oracle (violate R1 OOD)");
        // columns: test loss, ID R1, ID R2, ID finished, OOD R1, OOD R2, OOD finished
        String[] s = satisfy.substring(28).trim().split("\\s+");
        String[] v = violate.substring(28).trim().split("\\s+");
        assertThat(s[0]).isEqualTo(v[0]);
        assertThat(s[4]).isEqualTo("1.000");
        assertThat(v[4]).isEqualTo("0.000");
    }

    @Test
    void json() throws Exception {
        assertThat(run("witness", "--builtin", "anbn", "--max-length", "32", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        JsonNode oracles = json.get("oracles");
        assertThat(oracles).hasSize(2);
        assertThat(oracles.get(0).get("testLoss").asDouble()).isEqualTo(oracles.get(1).get("testLoss").asDouble());
        assertThat(oracles.get(0).get("ood").get("R1").asDouble()).isEqualTo(1.0);
        assertThat(oracles.get(1).get("ood").get("R1").asDouble()).isEqualTo(0.0);
        assertThat(oracles.get(0).get("ood").get("prompts").asInt()).isEqualTo(251);
    }

    @Test
    void aMixtureHasTwoOraclesAtEpsilonZeroOneDoingInContextLearning() throws Exception {
        java.nio.file.Path examples = java.nio.file.Path.of("../../examples");
        assertThat(run("witness", examples.resolve("case-study-2-reduced.saturn").toString(), "--mixture", "Tasks",
                "--max-length", "6", "--examples", "3", "--queries", "10", "--json")).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("epsilon").asDouble()).isLessThan(1e-12);
        JsonNode follows = json.get("rows").get(0);
        JsonNode ignores = json.get("rows").get(1);
        assertThat(follows.get("testLoss").asDouble()).isEqualTo(ignores.get("testLoss").asDouble());
        // k ≥ 2 examples of one task never occur in training: there one oracle follows the task, one not
        assertThat(follows.get("iclAccuracy").get("3").asDouble()).isEqualTo(1.0);
        assertThat(ignores.get("iclAccuracy").get("3").asDouble()).isLessThan(1.0);
    }

    @Test
    void aMixtureNeedsASpec() {
        assertThat(run("witness", "--builtin", "anbn", "--max-length", "8", "--mixture", "Tasks")).isEqualTo(2);
        assertThat(err.toString()).startsWith("saturn: --mixture NAME needs a SPEC");
    }

    @Test
    void unknownBuiltin() {
        assertThat(run("witness", "--builtin", "nope", "--max-length", "32")).isEqualTo(2);
        assertThat(err.toString()).startsWith("saturn: unknown built-in language 'nope'; valid names: anbn,");
    }
}
