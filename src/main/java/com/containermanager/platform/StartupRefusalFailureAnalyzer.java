package com.containermanager.platform;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/** Prints a {@link StartupRefusal} as its one line (found anywhere in the failure's causes), without a stack trace. */
class StartupRefusalFailureAnalyzer extends AbstractFailureAnalyzer<StartupRefusal> implements Ordered {

    /** Before Boot's binding analyzer, which would bury the line under the binding's details. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, StartupRefusal cause) {
        return new FailureAnalysis(cause.getMessage(), "Change the setting named above, then start again.", cause);
    }
}
