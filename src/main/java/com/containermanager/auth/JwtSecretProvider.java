package com.containermanager.auth;

import com.containermanager.platform.DataFolderSettings;
import com.containermanager.platform.DatabaseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import java.util.function.Supplier;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The HS256 key. A configured secret always wins. Otherwise a random 256-bit one is generated once and kept: in the
 * database when it is external, so that every instance on it signs and verifies with the same key, or in the data
 * folder when PostgreSQL is embedded (one instance by construction).
 */
final class JwtSecretProvider {

    static final int MIN_SECRET_BYTES = 32;
    private static final String SECRET_FILE = "jwt-secret";
    private static final String SECRET_NAME = "jwt";

    private JwtSecretProvider() {}

    /** The database is asked for only when it is needed: no configured secret and an external database. */
    static SecretKey key(
            AuthSettings auth,
            DataFolderSettings dataFolder,
            Supplier<DatabaseSettings> database,
            Supplier<JdbcClient> jdbc) {
        byte[] secret = configured(auth.jwtSecret());
        if (secret == null) {
            secret = database.get().embedded()
                    ? storedSecret(dataFolder.dataDir().resolve(SECRET_FILE))
                    : sharedSecret(jdbc.get());
        }
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    /**
     * The secret every instance on this database uses: the first to start stores its fresh one, and the primary key
     * makes every later or concurrent insert a no-op, so all of them read the one that won.
     */
    private static byte[] sharedSecret(JdbcClient jdbc) {
        jdbc.sql("insert into shared_secrets (name, value) values (:name, :value) on conflict (name) do nothing")
                .param("name", SECRET_NAME)
                .param("value", Base64.getEncoder().encodeToString(freshSecret()))
                .update();
        String stored = jdbc.sql("select value from shared_secrets where name = :name")
                .param("name", SECRET_NAME)
                .query(String.class)
                .single();
        return Base64.getDecoder().decode(stored);
    }

    private static byte[] freshSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    private static byte @Nullable [] configured(String configured) {
        if (configured != null && !configured.isEmpty()) {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new InvalidJwtSecretException("server.jwt_secret (SERVER_JWT_SECRET) is " + bytes.length
                        + " bytes; it must be at least " + MIN_SECRET_BYTES + " bytes, or left empty to generate one");
            }
            return bytes;
        }
        return null;
    }

    private static byte[] storedSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] secret = freshSecret();
            Path temporary = Files.createTempFile(file.getParent(), SECRET_FILE, ".tmp");
            trySetOwnerOnly(temporary);
            Files.writeString(temporary, Base64.getEncoder().encodeToString(secret), StandardOpenOption.SYNC);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create the JWT secret in the data folder", e);
        }
    }

    private static void trySetOwnerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, Set.copyOf(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's own permissions have to do
        }
    }

    /** Start-up refusal with a one-line reason. */
    static final class InvalidJwtSecretException extends IllegalStateException {
        InvalidJwtSecretException(String message) {
            super(message);
        }
    }
}
