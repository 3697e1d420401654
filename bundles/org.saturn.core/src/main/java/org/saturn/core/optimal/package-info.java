/** The exact optimal test loss, oracle models that attain it, and the non-identifiability witness. */
package org.saturn.core.optimal;
