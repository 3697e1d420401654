/** The Saturation view: selected runs and groups of seeds against the exact optimal loss. */
package org.saturn.ui.views.saturation;
