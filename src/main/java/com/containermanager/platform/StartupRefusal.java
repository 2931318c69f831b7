package com.containermanager.platform;

/**
 * A setting the service refuses to start with. Its message is one line that names the setting and says what to
 * do; {@code StartupRefusalFailureAnalyzer} prints just that, instead of a stack trace.
 */
public class StartupRefusal extends IllegalStateException {

    public StartupRefusal(String message) {
        super(message);
    }
}
