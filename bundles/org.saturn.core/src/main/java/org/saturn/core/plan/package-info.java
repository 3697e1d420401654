/**
 * The run plan: what a study compiles to. A {@link org.saturn.core.plan.RunConfig} is one fully
 * resolved training run (every default filled in) with a stable id derived from its content, so
 * an unchanged run keeps its id and a re-launch resumes it instead of duplicating it. Plain Java:
 * the engine, the workbench and the CLI read plans without Xtext or EMF.
 */
package org.saturn.core.plan;
