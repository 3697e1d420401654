/**
 * The workbench's charts: one small SWTChart subclass per chart type (title, axes, formats), the
 * bands and labels SWTChart cannot draw, PNG/SVG export, and what every chart view shares
 * ({@link org.saturn.ui.charts.ChartViewPart}: selection following, a Job per request that cancels
 * the stale one, live refresh batched per period, export through the view's composite).
 */
package org.saturn.ui.charts;
