/**
 * The run store: one folder per run ({@code <store>/<study>/<run-id>/}) written crash-safely by
 * engine workers (records by temp file and atomic rename, series by append and flush) and read by
 * the workbench, {@code saturn report} and the exporters while workers write.
 */
package org.saturn.core.store;
