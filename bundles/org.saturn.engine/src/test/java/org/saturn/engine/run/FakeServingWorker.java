package org.saturn.engine.run;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A persistent worker stand-in for {@link WorkerPoolTest} (the real one is {@code saturn worker --serve}):
 * takes the job on its command line, then one job per line of standard input ("RUN STEPS ENDING"), prints
 * progress events for each and {@link WorkerPool#JOB_END} after it; a finished run's message names the
 * worker's pid, so a test sees which JVM trained it.
 */
public final class FakeServingWorker {

    public static void main(String[] args) throws Exception {
        String job = String.join(" ", args);
        BufferedReader jobs = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        while (job != null) {
            String[] parts = job.split(" ");
            String runId = parts[0];
            int steps = Integer.parseInt(parts[1]);
            String ending = parts[2];
            ProgressEvent base = new ProgressEvent("S", runId, "Tf", "oracle", 1L, ProgressEvent.STARTED, 0L,
                    (long) steps, null, null, 0.0189, null, 0.0, null);
            System.out.println(base.toJsonLine());
            System.err.println("log line of " + runId);
            for (long step = 1; step <= steps; step++) {
                Thread.sleep(20);
                System.out.println(base.withStatus(ProgressEvent.EVALUATED, null).toJsonLine());
            }
            System.out.flush();
            if (ending.equals("oom")) {
                System.err.println("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
                Runtime.getRuntime().halt(1);
            }
            int exit = 0;
            if (ending.equals("fail")) {
                System.out.println(base.withStatus(ProgressEvent.FAILED, "simulated failure").toJsonLine());
                exit = 1;
            } else {
                System.out.println(base.withStatus(ProgressEvent.FINISHED, "pid " + ProcessHandle.current().pid())
                        .toJsonLine());
            }
            System.err.println(WorkerPool.JOB_END);
            System.err.flush();
            System.out.println(WorkerPool.JOB_END + " " + exit);
            System.out.flush();
            if (exit != 0) {
                Runtime.getRuntime().halt(exit);
            }
            job = jobs.readLine();
        }
        Runtime.getRuntime().halt(0);
    }
}
