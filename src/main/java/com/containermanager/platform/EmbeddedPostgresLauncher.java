package com.containermanager.platform;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts PostgreSQL from the binaries on the class path with its data in a folder that outlives the process.
 * After a crash of the service (kill -9) its postmaster may still run, or have left a stale postmaster.pid;
 * both are dealt with here so that the next start comes up on the same data.
 *
 * <p>Nothing connects without a password: the library's initdb trusts every local connection, which would let any
 * process on the host (or a container on the host network) in as superuser. Here initdb runs with scram-sha-256
 * for local and TCP connections and a generated password, kept in {@code <data dir>/postgres-password} (0600).
 * A data folder from an earlier release (trust) is converted at its first start: the superuser gets the password,
 * pg_hba.conf asks for it, and the server reloads; a crash half-way is finished by the next start.
 */
final class EmbeddedPostgresLauncher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);
    private static final Duration ORPHAN_SHUTDOWN_WAIT = Duration.ofSeconds(30);
    static final String SUPERUSER = "postgres";
    private static final Pattern TRUST = Pattern.compile("(?m)^(\\s*(?:local|host\\S*)\\s.*\\s)trust(\\s*)$");

    private EmbeddedPostgresLauncher() {}

    /** The running server and the superuser's password. */
    record Embedded(EmbeddedPostgres postgres, String password) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            postgres.close();
        }
    }

    /** The superuser's password of the embedded PostgreSQL of this data folder (generated when there is none yet). */
    static String password(Path dataDir) {
        return SecretFile.readOrCreate(dataDir.resolve("postgres-password"));
    }

    /** Starts PostgreSQL with its data in {@code <dataDir>/postgres} and its password in {@code <dataDir>/postgres-password}. */
    static Embedded start(Path dataDir) {
        Path dataDirectory = dataDir.resolve("postgres");
        Path passwordFile = dataDir.resolve("postgres-password");
        try {
            Files.createDirectories(dataDirectory);
            stopOrphanedPostmaster(dataDirectory);
            String password = password(dataDir);
            boolean trusting = Files.exists(dataDirectory.resolve("pg_hba.conf"))
                    && TRUST.matcher(Files.readString(dataDirectory.resolve("pg_hba.conf")))
                            .find();
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    // Spring stops it, after the beans that use it; the library's own hook would race them.
                    .setRegisterShutdownHook(false)
                    // The library is tuned for throw-away test databases; this one holds users and jobs for real.
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    // Used by initdb only (a new folder): these follow the library's "-A trust" and win over it.
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("auth-host", "scram-sha-256")
                    .setLocaleConfig("pwfile", passwordFile.toAbsolutePath().toString());
            if (!trusting) {
                builder.setConnectConfig("password", password);
            }
            EmbeddedPostgres postgres = builder.start();
            if (trusting) {
                requirePassword(postgres, dataDirectory.resolve("pg_hba.conf"), password);
            }
            return new Embedded(postgres, password);
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("could not start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    /** A folder of an earlier release: give the superuser the password, then make pg_hba.conf ask for it. */
    private static void requirePassword(EmbeddedPostgres postgres, Path hba, String password)
            throws IOException, SQLException {
        log.warn("The embedded PostgreSQL trusted local connections (a data folder of an earlier release);"
                + " it now requires the password kept in the data folder");
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("set password_encryption = 'scram-sha-256'");
            statement.execute("alter role " + SUPERUSER + " password '" + password.replace("'", "''") + "'");
            String converted = TRUST.matcher(Files.readString(hba)).replaceAll("$1scram-sha-256$2");
            Path temporary = Files.createTempFile(hba.getParent(), "pg_hba", ".tmp");
            Files.writeString(temporary, converted, StandardOpenOption.SYNC);
            Files.move(temporary, hba, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            statement.execute("select pg_reload_conf()");
        }
    }

    /**
     * The port of a PostgreSQL that runs on this data folder (postmaster.pid's fourth line), if one runs: the
     * service's own, for a command that must share it.
     */
    static Optional<Integer> runningPort(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            boolean alive = readPid(pidFile)
                    .flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .filter(EmbeddedPostgresLauncher::looksLikePostgres)
                    .isPresent();
            var lines = Files.readAllLines(pidFile);
            return alive && lines.size() > 3
                    ? Optional.of(Integer.parseInt(lines.get(3).trim()))
                    : Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void stopOrphanedPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<ProcessHandle> postmaster = readPid(pidFile)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .filter(EmbeddedPostgresLauncher::looksLikePostgres);
        if (postmaster.isEmpty()) {
            log.info("Removing stale {} left by a crashed run", pidFile.getFileName());
            Files.deleteIfExists(pidFile);
            return;
        }
        ProcessHandle process = postmaster.get();
        log.warn("PostgreSQL (pid {}) from a crashed run still holds the data folder; shutting it down", process.pid());
        process.destroy(); // SIGTERM: PostgreSQL's smart shutdown; its clients died with the old service
        try {
            process.onExit().get(ORPHAN_SHUTDOWN_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
        Files.deleteIfExists(pidFile);
    }

    private static Optional<Long> readPid(Path pidFile) throws IOException {
        try {
            return Files.readAllLines(pidFile).stream()
                    .findFirst()
                    .map(String::trim)
                    .map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean looksLikePostgres(ProcessHandle process) {
        return process.info()
                .command()
                .map(command -> command.contains("postgres"))
                .orElse(true);
    }
}
