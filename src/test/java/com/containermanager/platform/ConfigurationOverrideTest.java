package com.containermanager.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.audit.AuditSettings;
import com.containermanager.auth.AuthSettings;
import com.containermanager.file.StorageSettings;
import com.containermanager.job.JobSettings;
import com.containermanager.limits.LimitSettings;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.RegistrySettings;
import com.containermanager.user.RegistrationSettings;
import com.containermanager.web.NetworkTrustSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

/** config.yaml with the original design's keys, each overridden by its environment variable. */
class ConfigurationOverrideTest {

    @TempDir
    Path workDir;

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({
        DatabaseSettings.class,
        AuthSettings.class,
        StorageSettings.class,
        DockerSettings.class,
        DataFolderSettings.class,
        RegistrySettings.class,
        NetworkTrustSettings.class,
        LimitSettings.class,
        RegistrationSettings.class,
        JobSettings.class,
        AuditSettings.class
    })
    static class SettingsOnly {}

    private static final Map<String, Function<ConfigurableApplicationContext, Object>> LIMIT_READERS = Map.ofEntries(
            Map.entry("limits.containers", context -> limits(context).containers()),
            Map.entry("limits.running_containers", context -> limits(context).runningContainers()),
            Map.entry("limits.unfinished_jobs", context -> limits(context).unfinishedJobs()),
            Map.entry("limits.creations_per_minute", context -> limits(context).creationsPerMinute()),
            Map.entry("limits.files", context -> limits(context).files()),
            Map.entry("limits.cmd_env_size", context -> limits(context).cmdEnvSize()),
            Map.entry(
                    "auth.registrations_per_hour",
                    context -> context.getBean(RegistrationSettings.class).perHour()),
            Map.entry(
                    "auth.registration",
                    context -> context.getBean(RegistrationSettings.class).mode()),
            Map.entry(
                    "jobs.retention",
                    context -> context.getBean(JobSettings.class).retention()),
            Map.entry(
                    "audit.retention",
                    context -> context.getBean(AuditSettings.class).retention()),
            Map.entry(
                    "containers.pull_timeout",
                    context -> context.getBean(DockerSettings.class).pullTimeout()),
            Map.entry(
                    "docker.tls_verify",
                    context -> context.getBean(DockerSettings.class).tlsVerify()),
            Map.entry(
                    "docker.cert_path",
                    context -> context.getBean(DockerSettings.class).certPath()),
            Map.entry(
                    "storage.min_free_space",
                    context -> context.getBean(StorageSettings.class).minFreeSpace()),
            Map.entry(
                    "storage.min_free_percent",
                    context -> context.getBean(StorageSettings.class).minFreePercent()));

    private static LimitSettings limits(ConfigurableApplicationContext context) {
        return context.getBean(LimitSettings.class);
    }

    private static final Map<String, Function<ConfigurableApplicationContext, Object>> READERS = Map.ofEntries(
            Map.entry(
                    "containers.cpus",
                    context -> Double.toString(
                            context.getBean(DockerSettings.class).cpus())),
            Map.entry(
                    "containers.read_only",
                    context -> Boolean.toString(
                            context.getBean(DockerSettings.class).readOnly())),
            Map.entry(
                    "containers.allowed_registries",
                    context -> String.join(
                            ",", context.getBean(RegistrySettings.class).allowed())),
            Map.entry(
                    "server.trusted_proxies",
                    context -> String.join(
                            ",", context.getBean(NetworkTrustSettings.class).trustedProxies())),
            Map.entry(
                    "auth.throttle.username_free_failures",
                    context -> Integer.toString(
                            context.getBean(AuthSettings.class).throttle().usernameFreeFailures())),
            Map.entry("server.port", context -> context.getEnvironment().getProperty("server.port")),
            Map.entry(
                    "server.jwt_secret",
                    context -> context.getBean(AuthSettings.class).jwtSecret()),
            Map.entry(
                    "db.host",
                    context -> context.getBean(DatabaseSettings.class).host()),
            Map.entry(
                    "db.port",
                    context -> Integer.toString(
                            context.getBean(DatabaseSettings.class).port())),
            Map.entry(
                    "db.user",
                    context -> context.getBean(DatabaseSettings.class).user()),
            Map.entry(
                    "db.password",
                    context -> context.getBean(DatabaseSettings.class).password()),
            Map.entry(
                    "db.name",
                    context -> context.getBean(DatabaseSettings.class).name()),
            Map.entry(
                    "storage.base_path",
                    context -> context.getBean(StorageSettings.class).basePath().toString()),
            Map.entry(
                    "docker.host",
                    context -> context.getBean(DockerSettings.class).host()));

    private Path writeConfigYaml() throws Exception {
        Path file = workDir.resolve("config.yaml");
        Files.writeString(file, """
                server:
                  port: 7001
                  jwt_secret: file-secret-file-secret-file-secret-1
                db:
                  host: file-db-host
                  port: 7002
                  user: file-user
                  password: file-password
                  name: file-name
                storage:
                  base_path: /file/uploads
                """);
        return file;
    }

    private ConfigurableApplicationContext start(Path configFile, Map<String, Object> environment) {
        StandardEnvironment spring = new StandardEnvironment();
        spring.getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
        return new SpringApplicationBuilder(SettingsOnly.class)
                .web(WebApplicationType.NONE)
                .environment(spring)
                .properties("config.file=" + configFile)
                .run();
    }

    @Test
    void shouldReadTheOriginalKeysFromConfigYaml() throws Exception {
        try (var context = start(writeConfigYaml(), Map.of())) {
            assertThat(READERS.get("server.port").apply(context)).isEqualTo("7001");
            assertThat(READERS.get("db.host").apply(context)).isEqualTo("file-db-host");
            assertThat(READERS.get("db.port").apply(context)).isEqualTo("7002");
            assertThat(READERS.get("storage.base_path").apply(context)).isEqualTo("/file/uploads");
            assertThat(READERS.get("server.jwt_secret").apply(context))
                    .isEqualTo("file-secret-file-secret-file-secret-1");
        }
    }

    @Test
    void shouldUseTheContractsDefaultsWithoutConfigYaml() {
        try (var context = start(workDir.resolve("absent.yaml"), Map.of())) {
            DatabaseSettings database = context.getBean(DatabaseSettings.class);
            assertThat(database.embedded()).isTrue();
            assertThat(database.port()).isEqualTo(5432);
            assertThat(database.user()).isEqualTo("postgres");
            assertThat(database.name()).isEqualTo("postgres");
            assertThat(context.getEnvironment().getProperty("server.port")).isEqualTo("8080");
            assertThat(context.getBean(StorageSettings.class).basePath().normalize())
                    .isEqualTo(Path.of("user_uploads"));
            assertThat(context.getBean(DockerSettings.class).host()).isEqualTo("unix:///var/run/docker.sock");
        }
    }

    @Test
    void shouldUseTheDocumentedDefaultsOfTheLimits() {
        try (var context = start(workDir.resolve("absent.yaml"), Map.of())) {
            assertThat(LIMIT_READERS.get("limits.containers").apply(context)).isEqualTo(50);
            assertThat(LIMIT_READERS.get("limits.running_containers").apply(context))
                    .isEqualTo(20);
            assertThat(LIMIT_READERS.get("limits.unfinished_jobs").apply(context))
                    .isEqualTo(20);
            assertThat(LIMIT_READERS.get("limits.creations_per_minute").apply(context))
                    .isEqualTo(60);
            assertThat(LIMIT_READERS.get("limits.files").apply(context)).isEqualTo(1000);
            assertThat(LIMIT_READERS.get("limits.cmd_env_size").apply(context)).isEqualTo(DataSize.ofKilobytes(64));
            assertThat(LIMIT_READERS.get("auth.registrations_per_hour").apply(context))
                    .isEqualTo(20);
            assertThat(LIMIT_READERS.get("auth.registration").apply(context)).isEqualTo(RegistrationSettings.Mode.OPEN);
            assertThat(LIMIT_READERS.get("jobs.retention").apply(context)).isEqualTo(Duration.ofDays(7));
            assertThat(LIMIT_READERS.get("audit.retention").apply(context)).isEqualTo(Duration.ofDays(90));
            assertThat(LIMIT_READERS.get("containers.pull_timeout").apply(context))
                    .isEqualTo(Duration.ofMinutes(10));
            assertThat(LIMIT_READERS.get("storage.min_free_space").apply(context))
                    .isEqualTo(DataSize.ofGigabytes(1));
            assertThat(LIMIT_READERS.get("storage.min_free_percent").apply(context))
                    .isEqualTo(5);
        }
    }

    @ParameterizedTest(name = "{0} sets {1}")
    @CsvSource({
        "LIMITS_CONTAINERS, limits.containers, 7, 7",
        "LIMITS_RUNNING_CONTAINERS, limits.running_containers, 0, 0",
        "LIMITS_UNFINISHED_JOBS, limits.unfinished_jobs, 3, 3",
        "LIMITS_CREATIONS_PER_MINUTE, limits.creations_per_minute, 9, 9",
        "LIMITS_FILES, limits.files, 10, 10",
        "LIMITS_CMD_ENV_SIZE, limits.cmd_env_size, 32KB, 32768B",
        "AUTH_REGISTRATIONS_PER_HOUR, auth.registrations_per_hour, 0, 0",
        "AUTH_REGISTRATION, auth.registration, closed, CLOSED",
        "JOBS_RETENTION, jobs.retention, 1d, PT24H",
        "AUDIT_RETENTION, audit.retention, 30d, PT720H",
        "CONTAINERS_PULL_TIMEOUT, containers.pull_timeout, 90s, PT1M30S",
        // Docker's own variables; on the (default) unix:// engine TLS is not used, so no files are needed here
        "DOCKER_TLS_VERIFY, docker.tls_verify, 1, true",
        "DOCKER_CERT_PATH, docker.cert_path, /etc/docker-client, /etc/docker-client",
        "STORAGE_MIN_FREE_SPACE, storage.min_free_space, 2GB, 2147483648B",
        "STORAGE_MIN_FREE_PERCENT, storage.min_free_percent, 10, 10",
    })
    void shouldSetEachLimitFromTheEnvironment(String variable, String key, String value, String expected) {
        try (var context = start(workDir.resolve("absent.yaml"), Map.of(variable, value))) {
            assertThat(LIMIT_READERS.get(key).apply(context).toString()).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0} overrides {1}")
    @CsvSource({
        "SERVER_PORT, server.port, 9001",
        "SERVER_JWT_SECRET, server.jwt_secret, env-secret-env-secret-env-secret-12",
        "DB_HOST, db.host, env-db-host",
        "DB_PORT, db.port, 9002",
        "DB_USER, db.user, env-user",
        "DB_PASSWORD, db.password, env-password",
        "DB_NAME, db.name, env-name",
        "STORAGE_BASE_PATH, storage.base_path, /env/uploads",
        "DOCKER_HOST, docker.host, tcp://127.0.0.1:2375",
        "CONTAINERS_CPUS, containers.cpus, 0.5",
        "CONTAINERS_READ_ONLY, containers.read_only, true",
        "CONTAINERS_ALLOWED_REGISTRIES, containers.allowed_registries, 'docker.io,registry.example.com:5000'",
        "SERVER_TRUSTED_PROXIES, server.trusted_proxies, '10.0.0.1/32,10.1.0.0/16'",
        "AUTH_THROTTLE_USERNAME_FREE_FAILURES, auth.throttle.username_free_failures, 42",
    })
    void shouldLetEachEnvironmentVariableOverrideItsKey(String variable, String key, String value) throws Exception {
        try (var context = start(writeConfigYaml(), Map.of(variable, value))) {
            assertThat(READERS.get(key).apply(context)).isEqualTo(value);
        }
    }
}
