package com.containermanager.platform;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * LOG_FORMAT=json (or log.format: json in config.yaml) switches the console to Boot's structured JSON logging
 * (Logstash layout, MDC fields such as request_id, job_id and container_id included). A post-processor because
 * the choice has to be made before the logging system starts, from a value that is not a Boot property.
 */
public class LogFormatEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty("log.format", "text");
        if ("json".equalsIgnoreCase(format.trim())) {
            environment
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "cm-log-format", Map.of("logging.structured.format.console", "logstash")));
        }
    }

    @Override
    public int getOrder() {
        // after config data (config.yaml) has been loaded
        return Ordered.LOWEST_PRECEDENCE;
    }
}
