package org.saturn.engine.run;

/**
 * A worker process stand-in for {@link WorkerPoolTest} (the real worker trains a model): prints
 * progress events for {@code steps} steps, then ends as told; on SIGTERM it reports "stopped".
 */
public final class FakeWorker {

    public static void main(String[] args) throws InterruptedException {
        String runId = args[0];
        int steps = Integer.parseInt(args[1]);
        String ending = args[2];
        ProgressEvent base = new ProgressEvent("S", runId, "Tf", "oracle", 1L, ProgressEvent.STARTED, 0L, (long) steps,
                null, null, 0.0189, null, 0.0, null);
        Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println(base.withStatus(ProgressEvent.STOPPED, "stopped by signal").toJsonLine());
            System.out.flush();
        }));
        System.out.println(base.toJsonLine());
        System.out.println("not an event: workers may print other things");
        for (long step = 1; step <= steps; step++) {
            Thread.sleep(20);
            System.out.println(new ProgressEvent("S", runId, "Tf", "oracle", 1L, ProgressEvent.EVALUATED, step,
                    (long) steps, null, 0.02, 0.0189, 0.5, step * 0.02, null).toJsonLine());
            System.out.flush();
        }
        if (ending.equals("crash")) {
            System.err.println("simulated failure");
            Runtime.getRuntime().halt(3); // no shutdown hook, no final event
        }
        if (ending.equals("oom")) {
            // what a JVM prints when it dies of memory past the worker's own handling
            System.err.println("Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space");
            Runtime.getRuntime().halt(1);
        }
        if (ending.equals("hang")) {
            main.join(); // waits forever, until SIGTERM
        }
        System.out.println(base.withStatus(ProgressEvent.FINISHED, null).toJsonLine());
        Runtime.getRuntime().halt(0);
    }
}
