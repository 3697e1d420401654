/** The Non-identifiability view: one point per run, loss gap against rule extrapolation. */
package org.saturn.ui.views.identifiability;
