package org.saturn.engine.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;

/** Wall time per op type inside SameDiff training steps (a listener: attach it only when profiling). */
public final class OpProfile extends BaseListener {

    private final Map<String, long[]> byOp = new HashMap<>(); // name -> {nanos, calls}
    private long started;
    private long stepStart;
    private long stepNanos;
    private int steps;

    @Override
    public boolean isActive(Operation operation) {
        return operation == Operation.TRAINING;
    }

    @Override
    public void iterationStart(SameDiff sd, At at, org.nd4j.linalg.dataset.api.MultiDataSet data, long etl) {
        stepStart = System.nanoTime();
    }

    @Override
    public void iterationDone(SameDiff sd, At at, org.nd4j.linalg.dataset.api.MultiDataSet data,
            org.nd4j.autodiff.listeners.Loss loss) {
        stepNanos += System.nanoTime() - stepStart;
        steps++;
    }

    @Override
    public void preOpExecution(SameDiff sd, At at, SameDiffOp op, OpContext context) {
        started = System.nanoTime();
    }

    @Override
    public void opExecution(SameDiff sd, At at, org.nd4j.linalg.dataset.api.MultiDataSet batch, SameDiffOp op,
            OpContext context, INDArray[] outputs) {
        long[] entry = byOp.computeIfAbsent(op.getOp().opName(), k -> new long[2]);
        entry[0] += System.nanoTime() - started;
        entry[1]++;
    }

    /** The ops taking the most time, one line each, per step. */
    public String report(int top) {
        long total = 0;
        long calls = 0;
        for (long[] e : byOp.values()) {
            total += e[0];
            calls += e[1];
        }
        List<Map.Entry<String, long[]>> entries = new ArrayList<>(byOp.entrySet());
        entries.sort((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0]));
        StringBuilder sb = new StringBuilder();
        int n = Math.max(1, steps);
        sb.append(String.format("step %.1f ms, of which ops %.1f ms in %d op calls%n", stepNanos / 1e6 / n, total / 1e6 / n,
                calls / n));
        for (Map.Entry<String, long[]> e : entries.subList(0, Math.min(top, entries.size()))) {
            sb.append(String.format("  %-28s %5.1f%%  %8.2f ms/step  %6d calls/step  %7.1f us/call%n", e.getKey(),
                    100.0 * e.getValue()[0] / total, e.getValue()[0] / 1e6 / n, e.getValue()[1] / n,
                    e.getValue()[0] / 1e3 / e.getValue()[1]));
        }
        return sb.toString();
    }
}
