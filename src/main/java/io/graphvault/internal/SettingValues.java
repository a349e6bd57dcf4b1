package io.graphvault.internal;

import io.graphvault.GraphVaultException;

/** Reads setting values with errors that name the setting (an environment variable) and the value. */
public final class SettingValues {

    private SettingValues() {
    }

    public static int wholeNumber(String setting, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new GraphVaultException(setting + " '" + value + "' is not a whole number", e);
        }
    }
}
