package org.saturn.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --set key=value} on plan/run/slurm, and {@code saturn completion}. */
class SetAndCompletionTest extends CliTestBase {

    private static final Path EXAMPLES = Path.of("../../examples");
    private static final String SPEC = EXAMPLES.resolve("case-study-1.saturn").toString();

    @Test
    void setOverridesEveryRunAndGivesNewIds() {
        assertThat(run("plan", SPEC, "--study", "CaseStudy1", "--json")).isZero();
        String before = out.toString();
        out.getBuffer().setLength(0);
        assertThat(run("plan", SPEC, "--study", "CaseStudy1", "--json", "--set", "optimizer.lr=3e-4", "--set",
                "training.batch=16")).as(err.toString()).isZero();
        String after = out.toString();
        assertThat(after.lines().filter(l -> l.startsWith("  {")).count()).isEqualTo(2 * 3 * 5);
        assertThat(after).contains("\"optimizer.lr\": 3.0E-4").contains("\"training.batch\": 16")
                .doesNotContain("\"optimizer.lr\": 0.002");
        String firstId = before.substring(before.indexOf("\"id\": \""), before.indexOf("\"id\": \"") + 25);
        assertThat(after).doesNotContain(firstId);
        out.getBuffer().setLength(0);
        assertThat(run("run", SPEC, "--study", "CaseStudy1", "--dry-run", "--set", "optimizer.lr=3e-4", "--only",
                "optimizer.lr=3e-4")).as("--only sees the overridden value: " + err).isZero();
    }

    @Test
    void aWrongSetIsOneClearLine(@TempDir Path dir) {
        assertThat(run("plan", SPEC, "--set", "optimizer.lrr=1")).isEqualTo(2);
        assertThat(err.toString()).startsWith("saturn: --set: no parameter 'optimizer.lrr' in the runs of ")
                .contains("; the keys are ").contains("optimizer.lr, ").contains("training.batch")
                .doesNotContain(".definition");
        assertThat(err.toString().lines()).hasSize(1);
        err.getBuffer().setLength(0);
        assertThat(run("plan", SPEC, "--set", "training.batch=1.5")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("saturn: --set: training.batch takes a whole number, not '1.5'\n");
        err.getBuffer().setLength(0);
        assertThat(run("run", SPEC, "--dry-run", "--store", dir.toString(), "--set", "nonsense")).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("saturn: --set takes key=value, not 'nonsense'\n");
    }

    @Test
    void completionScriptCompletesCommandsAndOptions(@TempDir Path dir) throws Exception {
        assertThat(run("completion")).isZero();
        String script = out.toString();
        assertThat(script).contains("complete -F _complete_saturn").contains("export").contains("--tensorboard")
                .contains("workbench");
        assertThat(run("completion", "fish")).isEqualTo(2);
        assertThat(err.toString()).contains("completion is for bash or zsh, not 'fish'");

        Assumptions.assumeTrue(new ProcessBuilder("bash", "--version").start().waitFor() == 0, "no bash to source it");
        Path file = Files.writeString(dir.resolve("saturn-completion.bash"), script);
        assertThat(complete(file, "saturn ex")).contains("export");
        assertThat(complete(file, "saturn export --tens")).contains("--tensorboard");
        assertThat(complete(file, "saturn wor")).contains("workbench");
        assertThat(complete(file, "saturn di")).contains("diff");
    }

    /** What bash completes for the line's last word, after sourcing the script. */
    private static String complete(Path script, String line) throws Exception {
        String[] words = line.split(" ");
        String program = "source " + script + "\nCOMP_WORDS=(" + line + ")\nCOMP_CWORD=" + (words.length - 1)
                + "\nCOMP_LINE='" + line + "'\nCOMP_POINT=" + line.length() + "\n_complete_saturn\necho \"${COMPREPLY[@]}\"\n";
        Process bash = new ProcessBuilder("bash", "-c", program).redirectErrorStream(true).start();
        String output = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return output;
    }
}
