/** The Completions view: one run's completions at an evaluation step and their next-token probabilities. */
package org.saturn.ui.views.completions;
