/** Mixtures of languages (latent tasks) for in-context learning: exact sequence probabilities and task posteriors. */
package org.saturn.core.lang.mixture;
