/** Formal languages as intersections of named rules over an alphabet, with a generator and a maximum length. */
package org.saturn.core.lang;
