package org.saturn.ui.preferences;

import org.eclipse.core.runtime.preferences.AbstractPreferenceInitializer;

/** The preferences' built-in defaults (plugin.xml, org.eclipse.core.runtime.preferences). */
public final class SaturnPreferenceInitializer extends AbstractPreferenceInitializer {

    @Override
    public void initializeDefaultPreferences() {
        SaturnPreferences.initializeDefaults();
    }
}
