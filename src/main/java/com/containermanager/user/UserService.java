package com.containermanager.user;

import com.containermanager.auth.AccountState;
import com.containermanager.auth.LoginDevices;
import com.containermanager.auth.LoginThrottle;
import com.containermanager.auth.PasswordChecks;
import com.containermanager.auth.Role;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.ForbiddenException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

@Service
class UserService {

    private final UserRepository users;
    private final PasswordEncoder passwordEncoder;
    private final LoginThrottle throttle;
    private final PasswordChecks passwordChecks;
    private final RegistrationSettings registration;
    private final RegistrationThrottle registrationThrottle;
    private final Counter throttledLogins;
    private final Counter busyRefusals;
    private final Counter slowedLogins;
    private final LoginDevices devices;
    private final Accounts accounts;
    private final AccountSettings settings;
    static final String PASSWORD_LOGIN_OFF = "password login is disabled: sign in through your identity provider";

    /** Compared against when the user does not exist, so both failures cost one bcrypt check. */
    private final String dummyHash;

    UserService(
            UserRepository users,
            PasswordEncoder passwordEncoder,
            LoginThrottle throttle,
            PasswordChecks passwordChecks,
            MeterRegistry registry,
            RegistrationSettings registration,
            RegistrationThrottle registrationThrottle,
            LoginDevices devices,
            Accounts accounts,
            AccountSettings settings) {
        this.devices = devices;
        this.accounts = accounts;
        this.settings = settings;
        this.slowedLogins = Counter.builder("cm.auth.login.slowed")
                .description("Logins of known clients slowed, not refused, past a throttle ceiling")
                .register(registry);
        this.registration = registration;
        this.registrationThrottle = registrationThrottle;
        this.throttledLogins = Counter.builder("cm.auth.login.throttled")
                .description("Logins refused with 429 by the throttle")
                .register(registry);
        this.busyRefusals = Counter.builder("cm.auth.password.checks.refused")
                .description("Logins and registrations refused with 429 because every password check slot was busy")
                .register(registry);
        this.users = users;
        this.passwordEncoder = passwordEncoder;
        this.throttle = throttle;
        this.passwordChecks = passwordChecks;
        this.dummyHash = passwordEncoder.encode("not-a-real-password-for-timing");
    }

    /** Open registration; throttled per client address before the password is hashed. */
    User register(Credentials credentials, String clientAddress) {
        if (registration.mode() == RegistrationSettings.Mode.CLOSED) {
            throw new RegistrationClosedException();
        }
        if (!settings.passwordLogin()) {
            throw new ForbiddenException(PASSWORD_LOGIN_OFF);
        }
        CredentialRules.checkUsername(credentials.username());
        CredentialRules.checkPassword(credentials.password());
        registrationThrottle.admit(clientAddress);
        String hash = passwordChecks
                .tryRun(() -> passwordEncoder.encode(credentials.password()))
                .orElseThrow(this::busy);
        try {
            Role role = accounts.roleForNew(credentials.username());
            long id = users.insert(credentials.username(), hash, role);
            return new User(id, credentials.username(), hash, role, AccountState.ACTIVE);
        } catch (DuplicateKeyException e) {
            throw new UsernameTakenException();
        }
    }

    User get(long id) {
        return users.findById(id)
                .orElseThrow(() -> new IllegalStateException("authenticated user " + id + " vanished"));
    }

    /**
     * A password check slot first (none free: 429 at once), then the throttle counts the attempt (blocked: 429), and
     * only then bcrypt. The attempt stays counted unless the password is right. A slowed attempt gives its slot back
     * while it waits, and takes one again for the check. {@code deviceToken}: the client's login device cookie.
     */
    User login(Credentials credentials, String clientAddress, @Nullable String deviceToken) {
        if (!settings.passwordLogin()) {
            throw new ForbiddenException(PASSWORD_LOGIN_OFF);
        }
        CredentialRules.checkUsername(credentials.username());
        if (credentials.password() == null || credentials.password().isEmpty()) {
            throw new BadRequestException("password is required");
        }
        Optional<String> device = devices.verify(deviceToken, credentials.username());
        Optional<User> checked = passwordChecks
                .tryRun(() -> admitted(credentials, clientAddress, device))
                .orElseThrow(this::busy);
        if (checked.isPresent()) {
            return checked.get();
        }
        if (!throttle.slowDown()) {
            throttledLogins.increment();
            throw RetryLaterException.throttled(Duration.ofSeconds(1));
        }
        return passwordChecks
                .tryRun(() -> checkPassword(credentials, clientAddress, device))
                .orElseThrow(this::busy);
    }

    /** The checked user, or empty when the attempt was slowed and has waited: then the caller checks it. */
    private Optional<User> admitted(Credentials credentials, String clientAddress, Optional<String> device) {
        LoginThrottle.Verdict verdict = throttle.admit(credentials.username(), clientAddress, device);
        return switch (verdict) {
            case LoginThrottle.Verdict.Refused refused -> {
                throttledLogins.increment();
                throw RetryLaterException.throttled(refused.retryAfter());
            }
            case LoginThrottle.Verdict.Slow slow -> {
                slowedLogins.increment();
                yield Optional.empty();
            }
            case LoginThrottle.Verdict.Go go -> Optional.of(checkPassword(credentials, clientAddress, device));
        };
    }

    private User checkPassword(Credentials credentials, String clientAddress, Optional<String> device) {
        Optional<User> user = users.findByUsername(credentials.username());
        // An account without a password (invited, or from a provider) is checked against the stand-in: never a match.
        String hash = user.map(User::passwordHash).orElse(null);
        boolean matches =
                passwordEncoder.matches(truncatedForCheck(credentials.password()), hash == null ? dummyHash : hash);
        if (user.isEmpty() || hash == null || !matches) {
            throw new InvalidCredentialsException();
        }
        throttle.succeeded(credentials.username(), clientAddress, device);
        // Only someone who knows the password learns that the account cannot be used.
        if (user.get().state() != AccountState.ACTIVE) {
            throw new ForbiddenException(
                    user.get().state() == AccountState.SUSPENDED ? "account suspended" : "account being deleted");
        }
        accounts.recordLogin(user.get().id());
        return user.get();
    }

    private RetryLaterException busy() {
        busyRefusals.increment();
        return RetryLaterException.busy();
    }

    /** Registration never stores a longer password, so one over bcrypt's limit can only be wrong; check a stand-in. */
    private static String truncatedForCheck(String password) {
        return password.getBytes(StandardCharsets.UTF_8).length > CredentialRules.MAX_PASSWORD_BYTES
                ? "x".repeat(CredentialRules.MIN_PASSWORD_BYTES)
                : password;
    }
}
