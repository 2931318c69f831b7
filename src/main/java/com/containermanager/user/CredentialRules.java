package com.containermanager.user;

import com.containermanager.web.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Username and password rules; bcrypt reads at most 72 bytes, so longer passwords are refused, never truncated. */
final class CredentialRules {

    static final int MIN_PASSWORD_BYTES = 8;
    static final int MAX_PASSWORD_BYTES = 72;
    static final int MIN_USERNAME = 3;
    static final int MAX_USERNAME = 64;
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{3,64}");

    private CredentialRules() {}

    static void checkUsername(String username) {
        if (username == null || username.isEmpty()) {
            throw new BadRequestException("username is required");
        }
        if (!USERNAME.matcher(username).matches()) {
            throw new BadRequestException("username must be 3 to 64 letters, digits, '.', '_' or '-'");
        }
    }

    static void checkPassword(String password) {
        if (password == null || password.isEmpty()) {
            throw new BadRequestException("password is required");
        }
        int bytes = password.getBytes(StandardCharsets.UTF_8).length;
        if (bytes < MIN_PASSWORD_BYTES || bytes > MAX_PASSWORD_BYTES) {
            throw new BadRequestException("password must be 8 to 72 bytes");
        }
    }
}
