package org.saturn.engine.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;
import org.saturn.engine.cli.SaturnCli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class BenchCommandTest {

    @Test
    void jsonListsOneResultPerConfiguration() throws Exception {
        StringWriter out = new StringWriter();
        var cli = SaturnCli.commandLine();
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("bench", "--json", "--model", "lstm", "--width", "64", "--seeds", "2", "--steps", "1",
                "--warmup", "0");
        assertThat(code).isZero();
        String text = out.toString();
        JsonNode results = new ObjectMapper().readTree(text.substring(text.indexOf("{\"results\""))).get("results");
        assertThat(results).hasSize(1);
        assertThat(results.get(0).get("model").asText()).isEqualTo("lstm");
        assertThat(results.get(0).get("width").asInt()).isEqualTo(64);
        assertThat(results.get(0).get("seeds").asInt()).isEqualTo(2);
        assertThat(results.get(0).get("tokensPerSecond").asDouble()).isPositive();
    }

    @Test
    void anUnknownModelIsOneClearError() {
        StringWriter err = new StringWriter();
        var cli = SaturnCli.commandLine();
        cli.setErr(new PrintWriter(err));
        assertThat(cli.execute("bench", "--model", "gru")).isNotZero();
        assertThat(err.toString()).contains("no benchmark matches");
    }
}
