package org.saturn.engine.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.saturn.core.plan.RunConfig;
import org.saturn.core.results.RunStatus;
import org.saturn.core.store.RunDirectory;
import org.saturn.core.store.RunLock;
import org.saturn.core.store.RunStore;
import org.saturn.core.store.StoreException;
import org.saturn.engine.run.EnvironmentRecord;
import org.saturn.engine.run.ProgressEvent;
import org.saturn.engine.run.RunInputs;
import org.saturn.engine.run.RunLoop;
import org.saturn.engine.run.SpecPlan;
import org.saturn.engine.run.WorkerPool;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code saturn worker SPEC --run ID --store DIR}: trains one run of a spec into the store and
 * reports progress as JSON lines. {@code saturn run}, the workbench and Slurm job arrays all start
 * this same command. SIGTERM stops it at the next step with a checkpoint (resumable).
 */
@Command(name = "worker", hidden = true, mixinStandardHelpOptions = true,
        description = "Train one run of a spec into a run store (started by saturn run, the workbench and Slurm).")
public final class WorkerCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SPEC")
    Path spec;

    @Option(names = "--run", required = true, paramLabel = "ID", description = "the run's id (see saturn plan)")
    String runId;

    @Option(names = "--store", required = true, paramLabel = "DIR")
    Path store;

    @Option(names = "--backend", defaultValue = "cpu")
    String backend;

    /** The command that starts this worker in a JVM of its own: the one launcher of saturn run and saturn slurm. */
    public static List<String> javaCommand(Path spec, String runId, Path store, String backend) {
        return WorkerPool.javaCommand(List.of("-Xmx2g"), SaturnCli.class.getName(), List.of("worker",
                spec.toAbsolutePath().toString(), "--run", runId, "--store", store.toAbsolutePath().toString(),
                "--backend", backend));
    }

    /** A clear message for a backend the worker cannot use (checked before any worker starts). */
    public static void checkBackend(String backend) {
        if (!backend.equals("cpu") && !backend.equals("cuda")) {
            throw new IllegalArgumentException("--backend is cpu or cuda, not " + backend);
        }
        if (backend.equals("cuda") && !onClasspath("org.nd4j.linalg.jcublas.JCublasBackend")) {
            throw new IllegalArgumentException("--backend cuda needs the CUDA build: ./mvnw -Pcuda package "
                    + "(nd4j-cuda-11.6, CUDA 11.6 and cuDNN 8.3 on the machine)");
        }
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, WorkerCommand.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    @Override
    public Integer call() throws IOException {
        PrintStream events = System.out;
        SpecPlan plan = SpecPlan.load(SpecSupport.checker(), spec, null);
        RunConfig config = plan.byId(runId);
        RunDirectory directory = RunStore.create(store).run(config.study(), config.id());
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                done.await(60, TimeUnit.SECONDS); // let the loop checkpoint before the JVM goes
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "saturn-worker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (RunLock lock = directory.lock()) {
            if (directory.record().map(r -> r.getStatus() == RunStatus.FINISHED).orElse(false)) {
                events.println(skipped(config, "already finished").toJsonLine());
                return 0;
            }
            directory.writeText(RunDirectory.SPEC, Files.readString(spec, StandardCharsets.UTF_8));
            directory.writeText(RunDirectory.CONFIG, config.toJson() + "\n");
            directory.writeText(RunDirectory.ENVIRONMENT,
                    EnvironmentRecord.describe(spec.toAbsolutePath().getParent(), backend));
            try {
                RunInputs inputs = RunInputs.of(plan.runs().get(config), config);
                new RunLoop(config, inputs.language(), inputs.prompts(), directory, event -> {
                    events.println(event.toJsonLine());
                    events.flush();
                }, stop).run();
                return 0;
            } catch (RuntimeException e) {
                directory.record().ifPresent(record -> {
                    record.setStatus(RunStatus.FAILED);
                    record.setMessage(String.valueOf(e.getMessage()));
                    directory.writeRecord(record);
                });
                throw e;
            }
        } catch (RuntimeException e) {
            if (!(e instanceof StoreException || e instanceof IllegalArgumentException)) {
                e.printStackTrace(); // into the worker's log file, for the developer
            }
            events.println(skipped(config, e.getMessage()).withStatus(ProgressEvent.FAILED, e.getMessage()).toJsonLine());
            System.err.println("saturn worker: " + e.getMessage());
            return 1;
        } finally {
            done.countDown();
        }
    }

    private static ProgressEvent skipped(RunConfig config, String message) {
        return new ProgressEvent(config.study(), config.id(), config.model(), config.regime(), config.seed(),
                ProgressEvent.SKIPPED, null, null, null, null, null, null, null, message);
    }
}
