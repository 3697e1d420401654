/**
 * Saturn's headless science: formal languages, rules, prompts, metrics and the exact optimal loss.
 * Nothing here imports SWT or ND4J.
 */
package org.saturn.core;
