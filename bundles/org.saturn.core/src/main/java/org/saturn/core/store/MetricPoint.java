package org.saturn.core.store;

/** One row of {@code metrics.csv}: a metric's value at a training step. */
public record MetricPoint(long step, double wallSeconds, String key, double value) {
}
