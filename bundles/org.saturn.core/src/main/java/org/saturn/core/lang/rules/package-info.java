/** Conditions on words (counts, regular patterns, bracket matching, boolean combinations) and their prefix monitors. */
package org.saturn.core.lang.rules;
