/**
 * Results in the formats other tools read: TensorBoard event files (which W&amp;B and Aim import
 * too), one row per run as CSV or JSON lines, the metric series in long format. Headless, no
 * dependency beyond the core's own.
 */
package org.saturn.core.export;
