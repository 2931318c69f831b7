package com.containermanager.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The browsers (or scripts) that logged in to an account before: after a right password the client gets a device
 * token for that username (a cookie), and its later attempts are counted on that device alone, so that nobody else's
 * failures, from anywhere, can lock it out (OWASP's "device cookies"). A token is an id and an expiry, signed for the
 * username with a key derived from the token signing key: it cannot be forged or moved to another username.
 */
@Component
public class LoginDevices {

    public static final String COOKIE = "cm_login_device";
    public static final Duration LIFETIME = Duration.ofDays(90);

    private static final int ID_BYTES = 16;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKey key;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    LoginDevices(SecretKey jwtSigningKey, Clock clock) {
        this.key =
                new SecretKeySpec(hmac(jwtSigningKey, "login-device".getBytes(StandardCharsets.UTF_8)), "HmacSHA256");
        this.clock = clock;
    }

    /** A new device token for this username. */
    public String issue(String username) {
        byte[] id = new byte[ID_BYTES];
        random.nextBytes(id);
        ByteBuffer payload = ByteBuffer.allocate(ID_BYTES + Long.BYTES);
        payload.put(id).putLong(clock.instant().plus(LIFETIME).getEpochSecond());
        byte[] body = payload.array();
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(signature(username, body));
    }

    /** The device's id when the token is this username's, signed by us and not expired; empty otherwise. */
    public Optional<String> verify(@Nullable String token, String username) {
        if (token == null || token.length() > 200) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        try {
            byte[] body = DECODER.decode(token.substring(0, dot));
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (body.length != ID_BYTES + Long.BYTES || !MessageDigest.isEqual(signature, signature(username, body))) {
                return Optional.empty();
            }
            ByteBuffer payload = ByteBuffer.wrap(body);
            byte[] id = new byte[ID_BYTES];
            payload.get(id);
            if (Instant.ofEpochSecond(payload.getLong()).isBefore(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(HexFormat.of().formatHex(id));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] signature(String username, byte[] body) {
        byte[] name = username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
        ByteBuffer signed = ByteBuffer.allocate(name.length + 1 + body.length);
        signed.put(name).put((byte) 0).put(body);
        return hmac(key, signed.array());
    }

    private static byte[] hmac(SecretKey key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
