/** Generators: probability distributions over words with exact prefix probabilities and entropies. */
package org.saturn.core.lang.gen;
