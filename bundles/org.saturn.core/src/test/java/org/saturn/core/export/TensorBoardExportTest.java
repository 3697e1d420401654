package org.saturn.core.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.saturn.core.store.RunStore;

/**
 * The event files as TensorBoard's own loader ({@code EventAccumulator}) reads them: scalars with
 * steps and wall times, the config as HParams session start. Skipped where Python's tensorboard
 * package is not installed (pip install tensorboard).
 */
class TensorBoardExportTest {

    @TempDir
    Path dir;

    @Test
    void oneEventFilePerRunAndExportingAgainReplacesIt() throws IOException {
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        Path target = dir.resolve("tb");
        assertThat(TensorBoardExport.write(ExportedRun.of(store, null), target)).isEqualTo(4 * 8);
        TensorBoardExport.write(ExportedRun.of(store, "CS1"), target);
        try (Stream<Path> files = Files.list(target.resolve("CS1").resolve("a1"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .containsExactly("events.out.tfevents." + 1_796_292_000L + ".saturn");
        }
    }

    @Test
    void tensorBoardsEventAccumulatorReadsScalarsAndHparams() throws Exception {
        Assumptions.assumeTrue(python("import tensorboard") == 0,
                "Python's tensorboard package is not installed (pip install tensorboard): round trip skipped");
        RunStore store = ExportFixtures.store(dir.resolve("runs"));
        Path target = dir.resolve("tb");
        TensorBoardExport.write(ExportedRun.of(store, null), target);
        Path script = Files.writeString(dir.resolve("read.py"), String.join("\n",
                "import sys",
                "from tensorboard.backend.event_processing.event_accumulator import EventAccumulator",
                "from tensorboard.plugins.hparams import plugin_data_pb2",
                "acc = EventAccumulator(sys.argv[1]); acc.Reload()",
                "print('tags', sorted(acc.Tags()['scalars']))",
                "for e in acc.Scalars('test.loss'): print('loss', e.step, round(e.wall_time, 3), round(e.value, 5))",
                "content = acc.PluginTagToContent('hparams')",
                "start = plugin_data_pb2.HParamsPluginData.FromString(content['_hparams_/session_start_info'])",
                "h = start.session_start_info.hparams",
                "print('lr', h['optimizer.lr'].number_value, 'model', h['model.name'].string_value,"
                        + " 'dropout', h['dropout.enabled'].bool_value, 'group', start.session_start_info.group_name)",
                "end = plugin_data_pb2.HParamsPluginData.FromString(content['_hparams_/session_end_info'])",
                "print('status', end.session_end_info.status)", ""), StandardCharsets.UTF_8);
        Path output = dir.resolve("out.txt");
        int exit = python(script.toString(), target.resolve("CS1").resolve("b2").toString(), output);
        String printed = Files.readString(output);
        assertThat(exit).as(printed).isZero();
        assertThat(printed).contains("tags ['ood.R1', 'test.loss']")
                .contains("loss 0 1796292000.0 0.5").contains("loss 10 1796292001.5 0.4").contains("loss 20 1796292003.0 0.22")
                .contains("loss 30 1796292004.5 0.23")
                .contains("lr 0.01 model Tf dropout True group CS1/Tf/iid/lr=0.01").contains("status 1");
    }

    private int python(String... arguments) throws IOException, InterruptedException {
        return python(dir.resolve("python-probe.txt"), arguments);
    }

    private int python(String script, String folder, Path output) throws IOException, InterruptedException {
        return python(output, script, folder);
    }

    private static int python(Path output, String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("python3"));
        if (arguments.length == 1) {
            command.add("-c");
        }
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        } catch (IOException noPython) {
            return -1;
        }
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }
}
