package org.saturn.engine.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.saturn.engine.run.RunProcesses.saturn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunRecord;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.RunTags;
import org.saturn.dsl.compiler.SpecChecker;

/**
 * {@code saturn tag} on a run that a live worker is training: every tag lands, the worker's record
 * and series stay whole, the run finishes, and the tags outlive it. The spec's folder is a git
 * work tree with an uncommitted change, so the worker also leaves {@code source.patch}.
 */
class TagWhileTrainingTest {

    @TempDir
    Path folder;

    @Test
    void taggingARunWhileItTrainsDisturbsNeither() throws Exception {
        Path spec = RunProcesses.spec(folder, "/run/tiny.saturn");
        Files.writeString(spec, Files.readString(spec).replace("steps 40", "steps 300")
                .replace("evaluate every 10 steps", "evaluate every 50 steps"));
        boolean git = git("init", "-q") && git("add", spec.getFileName().toString())
                && git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "spec");
        Files.writeString(spec, Files.readString(spec) + "// an uncommitted change\n");
        RunConfig oracle = org.saturn.engine.run.SpecPlan.load(new SpecChecker(), spec, null).configs().stream()
                .filter(c -> "oracle".equals(c.regime())).findFirst().orElseThrow();
        Path store = folder.resolve("runs");

        Process worker = RunProcesses.worker(spec, oracle.id(), store);
        RunDirectory run = RunStore.create(store).run(oracle.study(), oracle.id());
        RunProcesses.await("the worker's first record", () -> run.record().map(r -> r.getStep() > 0).orElse(false));
        String name = oracle.study() + "/" + oracle.id();
        int whileRunning = 0;
        int n = 0;
        while (run.record().orElseThrow().getStatus() == RunStatus.RUNNING && n < 60) {
            n++;
            assertThat(saturn("tag", name, "round=" + n, "kind=oracle", "--note", "tagged " + n, "--store",
                    store.toString())).isZero();
            RunTags tags = RunTags.read(run.path());
            assertThat(tags.tags()).containsEntry("round", Integer.toString(n)).containsEntry("kind", "oracle");
            assertThat(tags.note()).isEqualTo("tagged " + n);
            if (run.record().orElseThrow().getStatus() == RunStatus.RUNNING) {
                whileRunning++;
            }
        }
        assertThat(worker.waitFor(RunProcesses.PATIENCE_MILLIS, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(worker.exitValue()).isZero();
        assertThat(whileRunning).as("tags written while the worker trained").isGreaterThanOrEqualTo(3);

        RunRecord finished = run.record().orElseThrow();
        assertThat(finished.getStatus()).isEqualTo(RunStatus.FINISHED);
        assertThat(finished.getStep()).isEqualTo(300);
        assertThat(run.metrics().stream().filter(p -> p.key().equals("test.loss"))).hasSize(6);
        assertThat(RunTags.read(run.path()).tags()).containsEntry("round", Integer.toString(n));
        assertThat(saturn("report", store.toString(), "--filter", "tag.round=" + n)).isZero();
        assertThat(saturn("report", store.toString(), "--filter", "tag.round=0")).isEqualTo(1);
        try (var files = Files.list(run.path())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).as("no temporary file left")
                    .noneMatch(file -> file.contains(".tmp"));
        }
        if (git) {
            assertThat(Files.readString(run.path().resolve(EnvironmentRecord.SOURCE_PATCH)))
                    .contains("+// an uncommitted change");
            assertThat(run.readText(RunDirectory.ENVIRONMENT).orElseThrow()).contains("\"sourcePatch\" : \"source.patch\"");
        }
    }

    private boolean git(String... arguments) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", folder.toString()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (java.io.IOException noGit) {
            return false;
        }
    }
}
