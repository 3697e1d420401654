/**
 * The Saturn project nature and its builder: every {@code .saturn} spec of a project is checked on
 * each build, so the Problems view lists the errors of specs that are not open in an editor.
 */
package org.saturn.ui.builder;
