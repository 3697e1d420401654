/** The In-context Learning view: ICL accuracy against the number of in-context examples, per group. */
package org.saturn.ui.views.incontext;
