/** Rule-extrapolation metrics on completions, their aggregation over evaluations and runs, and chance levels. */
package org.saturn.core.metrics;
