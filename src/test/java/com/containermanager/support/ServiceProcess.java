package com.containermanager.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the service as a process of its own, run from the jar that the build made (so a test can kill it
 * with SIGKILL, as an operator or the kernel would). Its output goes to {@code <dir>/service.log}.
 */
public final class ServiceProcess implements AutoCloseable {

    private static final Path JAR = Path.of("target", "container-manager.jar").toAbsolutePath();

    private final String name;
    private final Path dir;
    private final int port;
    private final Map<String, String> properties;
    private Process process;

    private ServiceProcess(String name, Path dir, int port, Map<String, String> properties) {
        this.name = name;
        this.dir = dir;
        this.port = port;
        this.properties = properties;
    }

    /** Starts the instance (not waiting for it): {@code properties} become {@code --key=value} arguments. */
    public static ServiceProcess start(String name, Path dir, Map<String, String> properties) {
        ServiceProcess service = new ServiceProcess(name, dir, SwitchableEngineProxy.freePort(), properties);
        service.launch();
        return service;
    }

    /** Starts it again, on the same port and data folder, after it was killed or stopped. */
    public void restart() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(name + " is still running");
        }
        launch();
    }

    private void launch() {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests through mvn verify");
        }
        try {
            Files.createDirectories(dir);
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xms32m",
                    "-Xmx256m",
                    "-XX:+UseSerialGC",
                    "-XX:TieredStopAtLevel=1",
                    "-jar",
                    JAR.toString(),
                    "--server.port=" + port,
                    "--config.file=" + dir.resolve("no-config.yaml"),
                    "--cm.data-dir=" + dir.resolve("data")));
            properties.forEach((key, value) -> command.add("--" + key + "=" + value));
            process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(
                            dir.resolve("service.log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until readiness answers UP (PostgreSQL and the engine reachable, migrations done). */
    public ServiceProcess awaitReady() {
        ApiClient api = api();
        await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(250))
                .ignoreExceptions()
                .failFast(name + " exited; see " + dir.resolve("service.log"), () -> !process.isAlive())
                .until(() -> api.get("/actuator/health/readiness", null).status() == 200);
        return this;
    }

    public String name() {
        return name;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    public ApiClient api() {
        return new ApiClient(port);
    }

    /** SIGKILL: no shutdown hook, no hand-back; its database sessions end when the kernel closes its sockets. */
    public void kill() {
        process.destroyForcibly();
        waitForExit();
    }

    /** SIGTERM: the graceful shutdown. */
    public void stop() {
        process.destroy();
        waitForExit();
    }

    private void waitForExit() {
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            stop();
        }
    }
}
