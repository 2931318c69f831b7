package com.containermanager.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.ContainerManagerApplication;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A second instance of the service in the test's JVM: the first one's PostgreSQL (as a configured server) and the
 * given storage folder, a data folder of its own, the test run's label, and the given settings as command-line
 * arguments (they outrank application.yaml, as the test's own properties do for the first).
 */
public final class SecondInstance {

    private static final Pattern PORT = Pattern.compile("//localhost:(\\d+)/");

    private SecondInstance() {}

    public static ConfigurableApplicationContext start(
            HikariDataSource firstDataSource, Path storage, Map<String, String> settings) {
        Matcher port = PORT.matcher(firstDataSource.getJdbcUrl());
        assertThat(port.find()).as(firstDataSource.getJdbcUrl()).isTrue();
        Path dir = IntegrationTest.RUN_DIR.resolve(
                "second-" + UUID.randomUUID().toString().substring(0, 8));
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--config.file=" + dir.resolve("no-config.yaml"),
                "--cm.data-dir=" + dir.resolve("data"),
                "--cm.db.host=localhost",
                "--cm.db.port=" + port.group(1),
                // The embedded PostgreSQL asks for its password (scram), whoever connects.
                "--cm.db.password=" + firstDataSource.getPassword(),
                "--management.server.port=0",
                "--cm.storage.base-path=" + storage,
                "--storage.min_free_space=1MB",
                "--storage.min_free_percent=0",
                "--cm.docker.labels[" + IntegrationTest.TEST_LABEL + "]=" + IntegrationTest.RUN_ID,
                "--cm.jobs.idle-poll=300ms"));
        settings.forEach((key, value) -> args.add("--" + key + "=" + value));
        return new SpringApplicationBuilder(ContainerManagerApplication.class).run(args.toArray(String[]::new));
    }

    /** Its HTTP port. */
    public static ApiClient api(ConfigurableApplicationContext instance) {
        return new ApiClient(Integer.parseInt(instance.getEnvironment().getProperty("local.server.port")));
    }
}
