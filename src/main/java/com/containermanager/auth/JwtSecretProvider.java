package com.containermanager.auth;

import com.containermanager.config.DataFolderSettings;
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
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/** The HS256 key: the configured secret, or a random 256-bit one generated once and kept in the data folder. */
final class JwtSecretProvider {

    static final int MIN_SECRET_BYTES = 32;
    private static final String SECRET_FILE = "jwt-secret";

    private JwtSecretProvider() {}

    static SecretKey key(AuthSettings auth, DataFolderSettings dataFolder) {
        byte[] secret = configuredOrStored(auth.jwtSecret(), dataFolder.dataDir());
        return new SecretKeySpec(secret, "HmacSHA256");
    }

    private static byte[] configuredOrStored(String configured, Path dataDir) {
        if (configured != null && !configured.isEmpty()) {
            byte[] bytes = configured.getBytes(StandardCharsets.UTF_8);
            if (bytes.length < MIN_SECRET_BYTES) {
                throw new InvalidJwtSecretException("server.jwt_secret (SERVER_JWT_SECRET) is " + bytes.length
                        + " bytes; it must be at least " + MIN_SECRET_BYTES + " bytes, or left empty to generate one");
            }
            return bytes;
        }
        return storedSecret(dataDir.resolve(SECRET_FILE));
    }

    private static byte[] storedSecret(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).trim());
            }
            Files.createDirectories(file.getParent());
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
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
