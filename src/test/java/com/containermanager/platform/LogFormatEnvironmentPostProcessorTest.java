package com.containermanager.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class LogFormatEnvironmentPostProcessorTest {

    private String structuredFormatWith(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test", properties));
        new LogFormatEnvironmentPostProcessor().postProcessEnvironment(environment, new SpringApplication());
        return environment.getProperty("logging.structured.format.console");
    }

    @Test
    void shouldSwitchToJsonLinesWhenLogFormatIsJson() {
        assertThat(structuredFormatWith(Map.of("log.format", "json"))).isEqualTo("logstash");
        assertThat(structuredFormatWith(Map.of("LOG_FORMAT", "JSON"))).isEqualTo("logstash");
    }

    @Test
    void shouldKeepTextLinesOtherwise() {
        assertThat(structuredFormatWith(Map.of())).isNull();
        assertThat(structuredFormatWith(Map.of("log.format", "text"))).isNull();
    }
}
