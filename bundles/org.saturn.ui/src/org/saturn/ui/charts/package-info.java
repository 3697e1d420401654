/**
 * The workbench's charts: one small SWTChart subclass per chart type (title, axes, formats), the
 * bands and labels SWTChart cannot draw, PNG/SVG export, and the loading helpers every analysis view
 * shares (a Job per request that cancels the stale one, live refresh batched per period).
 */
package org.saturn.ui.charts;
