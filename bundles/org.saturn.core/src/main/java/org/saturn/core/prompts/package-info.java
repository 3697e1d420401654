/** Prompt sets (exhaustive, sampled, listed), each prompt classified in- or out-of-distribution by its prefix probability. */
package org.saturn.core.prompts;
