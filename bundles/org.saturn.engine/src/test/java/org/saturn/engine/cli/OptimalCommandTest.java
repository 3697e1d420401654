package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;


import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;


class OptimalCommandTest extends CliTestBase {


    @Test
    void anbnAt256PrintsThePapersOptimalLoss() {
        assertThat(run("optimal", "--builtin", "anbn", "--max-length", "256")).isZero();
        assertThat(out.toString()).contains("anbn").contains("max length 256").contains("pad")
                .contains("optimal loss 0.018879 nats/token").contains("exact");
    }

    @Test
    void jsonIsOneObjectWithTheDocumentedFields() throws Exception {
        assertThat(run("optimal", "--builtin", "anbn", "--max-length", "256", "--convention", "nopad", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.fieldNames()).toIterable().containsExactly("language", "maxLength", "convention", "entropyPerWord",
                "optimalLoss", "exact", "ci95");
        assertThat(json.get("language").asText()).isEqualTo("anbn");
        assertThat(json.get("maxLength").asInt()).isEqualTo(256);
        assertThat(json.get("convention").asText()).isEqualTo("nopad");
        assertThat(json.get("entropyPerWord").asDouble()).isEqualTo(Math.log(128));
        assertThat(json.get("optimalLoss").asDouble()).isEqualTo(Math.log(128) / 130);
        assertThat(json.get("exact").asBoolean()).isTrue();
        assertThat(json.get("ci95").isNull()).isTrue();
        assertThat(out.toString().strip().lines()).hasSize(1);
    }

    @Test
    void unknownBuiltinIsOneLineListingTheValidNames() {
        int exit = run("optimal", "--builtin", "anbx", "--max-length", "256");
        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("saturn: unknown built-in language 'anbx'; valid names: "
                + "anbn, anbncn, baN, bbaN, dyck, csdyck, abN, aNbM, anbnan");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void tooSmallMaxLengthAndBadConventionAreClearMessages() {
        assertThat(run("optimal", "--builtin", "dyck", "--max-length", "1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("saturn: max length 1 is too small for any word of dyck").doesNotContain("\tat ");
        err.getBuffer().setLength(0);
        assertThat(run("optimal", "--builtin", "dyck", "--max-length", "8", "--convention", "both")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("saturn: unknown loss convention 'both'; valid: pad, nopad");
    }

    @Test
    void aSpecsLanguageGivesTheSameLossAsTheBuiltin() throws Exception {
        java.nio.file.Path spec = java.nio.file.Files.createTempDirectory("optimal").resolve("mine.saturn");
        java.nio.file.Files.writeString(spec, "import \"stdlib.saturn\"\nlanguage Mine {\n  alphabet a b\n  maxLength 16\n"
                + "  rule R1 \"#a = #b\" : count(a) == count(b)\n  generate a^n b^n with n in 1..maxLength / 2\n}\n");
        assertThat(run("optimal", spec.toString(), "--json")).isZero();
        double fromSpec = new ObjectMapper().readTree(out.toString()).get("optimalLoss").asDouble();
        out.getBuffer().setLength(0);
        assertThat(run("optimal", "--builtin", "anbn", "--max-length", "16", "--json")).isZero();
        double builtin = new ObjectMapper().readTree(out.toString()).get("optimalLoss").asDouble();
        assertThat(fromSpec).isEqualTo(builtin, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(fromSpec).isEqualTo(Math.log(8) / 17, org.assertj.core.api.Assertions.within(1e-12));

        out.getBuffer().setLength(0);
        assertThat(run("optimal", spec.toString(), "--language", "AnBn", "--max-length", "16", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("optimalLoss").asDouble()).isEqualTo(builtin,
                org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void aMissingSpecOrLanguageIsOneLine() {
        assertThat(run("optimal", "nowhere.saturn")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("saturn: no such spec: nowhere.saturn");
        err.getBuffer().setLength(0);
        assertThat(run("optimal")).isEqualTo(2);
        assertThat(err.toString()).startsWith("saturn: name a language: either --builtin");
        err.getBuffer().setLength(0);
        assertThat(run("optimal", "--builtin", "anbn")).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("saturn: --builtin needs --max-length L");
    }
}
