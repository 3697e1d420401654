/**
 * Running a plan: worker processes (one JVM per worker, one OpenMP thread each), the training
 * loop of one run against the run store, progress as JSON lines, and clean stops that leave
 * resumable runs.
 */
package org.saturn.engine.run;
