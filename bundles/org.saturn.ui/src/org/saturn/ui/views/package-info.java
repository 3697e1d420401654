/** The workbench views, one package each; here what several of them share. */
package org.saturn.ui.views;
