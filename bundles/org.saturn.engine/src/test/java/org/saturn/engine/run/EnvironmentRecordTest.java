package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** environment.json names the command, Saturn's and ND4J's versions; a dirty checkout leaves its diff. */
class EnvironmentRecordTest {

    @TempDir
    Path repository;

    private void git(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repository.toString(),
                "-c", "user.name=t", "-c", "user.email=t@example.org"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command)).isZero();
    }

    @Test
    void recordsCommandVersionsAndTheDiffOfADirtyCheckout() throws Exception {
        Assumptions.assumeTrue(new ProcessBuilder("git", "--version").start().waitFor() == 0, "git is not installed");
        git("init", "-q");
        Files.writeString(repository.resolve("study.saturn"), "study S {}\n");
        git("add", "study.saturn");
        git("commit", "-q", "-m", "spec");
        EnvironmentRecord.recordCommandLine("run", "my study.saturn", "--workers", "2");

        JsonNode clean = new ObjectMapper().readTree(EnvironmentRecord.describe(repository, "cpu"));
        String expectedCommand = System.getenv(EnvironmentRecord.COMMAND_LINE_VARIABLE) != null
                ? System.getenv(EnvironmentRecord.COMMAND_LINE_VARIABLE) : "saturn run 'my study.saturn' --workers 2";
        assertThat(clean.get("commandLine").asText()).isEqualTo(expectedCommand);
        assertThat(clean.get("nd4jVersion").asText()).isEqualTo("1.0.0-M2.1");
        assertThat(clean.get("saturnVersion").asText()).isNotBlank();
        assertThat(clean.get("gitCommit").asText()).hasSize(40);
        assertThat(clean.get("gitDirty").asBoolean()).isFalse();
        assertThat(clean.get("sourcePatch").isNull()).isTrue();
        assertThat(EnvironmentRecord.sourcePatch(repository)).isNull();

        Files.writeString(repository.resolve("study.saturn"), "study S { seeds 3 }\n");
        JsonNode dirty = new ObjectMapper().readTree(EnvironmentRecord.describe(repository, "cpu"));
        assertThat(dirty.get("gitDirty").asBoolean()).isTrue();
        assertThat(dirty.get("sourcePatch").asText()).isEqualTo(EnvironmentRecord.SOURCE_PATCH);
        assertThat(EnvironmentRecord.sourcePatch(repository)).contains("-study S {}").contains("+study S { seeds 3 }")
                .endsWith("\n");
    }

    @Test
    void noRepositoryMeansNoCommitAndNoPatch(@TempDir Path folder) throws Exception {
        JsonNode environment = new ObjectMapper().readTree(EnvironmentRecord.describe(folder, "cpu"));
        assertThat(environment.get("gitCommit").isNull()).isTrue();
        assertThat(environment.get("sourcePatch").isNull()).isTrue();
        assertThat(EnvironmentRecord.sourcePatch(folder)).isNull();
    }
}
