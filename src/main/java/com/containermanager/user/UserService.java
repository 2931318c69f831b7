package com.containermanager.user;

import com.containermanager.auth.KnownUsers;
import com.containermanager.auth.LoginThrottle;
import com.containermanager.web.BadRequestException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

@Service
class UserService implements KnownUsers {

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final LoginThrottle throttle;
    private final RegistrationSettings registration;
    private final RegistrationThrottle registrationThrottle;
    private final Counter throttledLogins;
    private final Cache<Long, Boolean> knownUsers = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30))
            .maximumSize(100_000)
            .build();
    /** Compared against when the user does not exist, so both failures cost one bcrypt check. */
    private final String dummyHash;

    UserService(
            UserRepository users,
            PasswordEncoder passwordEncoder,
            LoginThrottle throttle,
            MeterRegistry registry,
            RegistrationSettings registration,
            RegistrationThrottle registrationThrottle) {
        this.registration = registration;
        this.registrationThrottle = registrationThrottle;
        this.throttledLogins = Counter.builder("cm.auth.login.throttled")
                .description("Logins refused with 429 by the throttle")
                .register(registry);
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        this.dummyHash = passwordEncoder.encode("not-a-real-password-for-timing");
    }

    /** Open registration; throttled per client address before the password is hashed. */
    User register(Credentials credentials, String clientAddress) {
        if (registration.mode() == RegistrationSettings.Mode.CLOSED) {
            throw new RegistrationClosedException();
        }
        CredentialRules.checkUsername(credentials.username());
        CredentialRules.checkPassword(credentials.password());
        registrationThrottle.admit(clientAddress);
        String hash = passwordEncoder.encode(credentials.password());
        try {
            long id = users.insert(credentials.username(), hash);
            return new User(id, credentials.username(), hash);
        } catch (DuplicateKeyException e) {
            throw new UsernameTakenException();
        }
    }

    User get(long id) {
        return users.findById(id)
                .orElseThrow(() -> new IllegalStateException("authenticated user " + id + " vanished"));
    }

    User login(Credentials credentials, String clientAddress) {
        CredentialRules.checkUsername(credentials.username());
        if (credentials.password() == null || credentials.password().isEmpty()) {
            throw new BadRequestException("password is required");
        }
        throttle.blockedFor(credentials.username(), clientAddress).ifPresent(wait -> {
            throttledLogins.increment();
            throw new LoginThrottledException(wait);
        });
        Optional<User> user = users.findByUsername(credentials.username());
        boolean matches = passwordEncoder.matches(
                truncatedForCheck(credentials.password()),
                user.map(User::passwordHash).orElse(dummyHash));
        if (user.isEmpty() || !matches) {
            throttle.recordFailure(credentials.username(), clientAddress);
            throw new InvalidCredentialsException();
        }
        throttle.recordSuccess(credentials.username());
        return user.get();
    }

    /** Registration never stores a longer password, so one over bcrypt's limit can only be wrong; check a stand-in. */
    private static String truncatedForCheck(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > CredentialRules.MAX_PASSWORD_BYTES
                ? "x".repeat(CredentialRules.MIN_PASSWORD_BYTES)
                : password;
    }

    /**
     * Asked on every authenticated request. Users are never deleted through the API, so a positive answer is kept
     * for a short while; a negative one is never kept, so a token for an unknown id stays 401 however often it is sent.
     */
    @Override
    public boolean exists(long userId) {
        if (knownUsers.getIfPresent(userId) != null) {
            return true;
        }
        boolean exists = users.exists(userId);
        if (exists) {
            knownUsers.put(userId, Boolean.TRUE);
        }
        return exists;
    }
}
