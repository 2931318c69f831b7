package com.containermanager.platform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

class StartupRefusalFailureAnalyzerTest {

    @Test
    void shouldPrintTheRefusalsOneLineHoweverDeepItIs() {
        var failure = new BeanCreationException(
                "dockerSettings", "could not bind", new IllegalStateException(new StartupRefusal("the one line")));

        FailureAnalysis analysis = new StartupRefusalFailureAnalyzer().analyze(failure);

        assertThat(analysis.getDescription()).isEqualTo("the one line");
    }
}
