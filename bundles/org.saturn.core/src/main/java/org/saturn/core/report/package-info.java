/**
 * Headless data providers over the run store: groups of runs (everything but the seed) with their
 * aggregates, for {@code saturn report} and the workbench's views.
 */
package org.saturn.core.report;
