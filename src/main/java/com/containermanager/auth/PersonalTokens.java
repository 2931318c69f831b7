package com.containermanager.auth;

import com.containermanager.cluster.ClusterNotifications;
import com.containermanager.limits.LimitReachedException;
import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.UserLimits;
import com.containermanager.limits.UserLock;
import com.containermanager.platform.RelaxedCommits;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.ForbiddenException;
import com.containermanager.web.NotFoundException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Personal API tokens: made with a name, scopes and a lifetime, answered once, kept only as a SHA-256, listed with
 * their last use, revoked at once on every instance. A request with one is authenticated from a cache of verified
 * tokens (one query for a token not seen for a while): a revocation clears it everywhere through a notification,
 * and the account's state is checked on every request like a login token's.
 */
@Service
public class PersonalTokens {

    /** Every personal token starts so, which tells it from a login token (a JWT) before anything is parsed. */
    static final String PREFIX = "cm_pat_";

    static final String LIMIT_NAME = "tokens";
    private static final Pattern LIFETIME = Pattern.compile("([1-9][0-9]{0,5})([smhd])");
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
    private static final int MAX_NAME = 64;

    private final PersonalTokenRepository tokens;
    private final KnownUsers knownUsers;
    private final UserLock userLock;
    private final UserLimits userLimits;
    private final RelaxedCommits relaxed;
    private final PersonalTokenSettings settings;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Verified tokens by the hex of their hash; bounded, and short-lived so a row deleted by SQL is noticed too. */
    private final Cache<String, Verified> verified = Caffeine.newBuilder()
            .maximumSize(10_000)
            .expireAfterWrite(Duration.ofMinutes(5))
            .build();

    PersonalTokens(
            PersonalTokenRepository tokens,
            KnownUsers knownUsers,
            UserLock userLock,
            UserLimits userLimits,
            RelaxedCommits relaxed,
            PersonalTokenSettings settings,
            Clock clock,
            ClusterNotifications notifications) {
        this.tokens = tokens;
        this.knownUsers = knownUsers;
        this.userLock = userLock;
        this.userLimits = userLimits;
        this.relaxed = relaxed;
        this.settings = settings;
        this.clock = clock;
        notifications.subscribe(PersonalTokenRepository.CHANGED_CHANNEL, this::forget);
        // Revocations sent while this instance was not listening are unknown: forget every verified token.
        notifications.onReconnect(missed -> verified.invalidateAll());
    }

    /** A token as made: the only time its secret is seen. */
    record Created(PersonalTokenRepository.Row row, String token) {}

    @Transactional
    Created create(AuthenticatedUser caller, String name, List<String> scopeNames, String expiresIn) {
        if (name == null || name.isBlank() || name.length() > MAX_NAME) {
            throw new BadRequestException("name must be 1 to " + MAX_NAME + " characters");
        }
        Set<Scope> scopes = scopes(scopeNames);
        for (Scope scope : scopes) {
            if (!caller.has(scope)) {
                throw new ForbiddenException("missing scope: " + scope.value());
            }
        }
        Duration lifetime = lifetime(expiresIn);
        userLock.lock(caller.id());
        // An admin's override of this user's limit wins over the setting (0: no limit, as for every limit).
        long limit = userLimits.of(caller.id()).get(LIMIT_NAME, (long) settings.maxPerUser());
        if (LimitSettings.reached(limit, tokens.countUnexpired(caller.id()))) {
            throw new LimitReachedException(LIMIT_NAME, limit);
        }
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        var row = tokens.insert(
                caller.id(), name.strip(), hash(token), scopes, clock.instant().plus(lifetime));
        return new Created(row, token);
    }

    List<PersonalTokenRepository.Row> list(long userId) {
        return tokens.listByUser(userId);
    }

    @Transactional
    void revoke(long userId, long id) {
        if (!tokens.delete(userId, id)) {
            throw new NotFoundException("token not found");
        }
        forget(Long.toString(id));
    }

    /**
     * The caller a personal token stands for: its user's role and state as they are now, and the token's scopes
     * within those of the role (a token made by an admin who is one no longer loses admin). Empty for an unknown
     * or expired token; throws the 401 of an account that is not active.
     */
    Optional<AuthenticatedUser> authenticate(String token) {
        String key = HexFormat.of().formatHex(hash(token));
        Verified known = verified.getIfPresent(key);
        if (known == null) {
            Optional<PersonalTokenRepository.Row> row = tokens.findBySecretHash(hash(token));
            if (row.isEmpty()) {
                return Optional.empty();
            }
            known = new Verified(row.get());
            verified.put(key, known);
        }
        Instant now = clock.instant();
        if (!now.isBefore(known.row.expiresAt())) {
            return Optional.empty();
        }
        Account account = JwtToUserConverter.usable(knownUsers, known.row.userId());
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        scopes.addAll(known.row.scopes());
        scopes.retainAll(account.role().scopes());
        touch(known, now);
        return Optional.of(new AuthenticatedUser(account.id(), account.role(), scopes, known.row.id()));
    }

    /** Last use, written at most once a minute per token and instance, without waiting for the WAL flush. */
    private void touch(Verified known, Instant now) {
        Instant last = known.lastTouched;
        if (last == null || Duration.between(last, now).compareTo(TOUCH_EVERY) >= 0) {
            known.lastTouched = now;
            tokens.touch(known.row.id(), relaxed.relaxingCondition());
        }
    }

    private void forget(String id) {
        long tokenId = Long.parseLong(id);
        verified.asMap().values().removeIf(known -> known.row.id() == tokenId);
    }

    private static Set<Scope> scopes(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new BadRequestException("scopes must name at least one scope");
        }
        Set<Scope> scopes = EnumSet.noneOf(Scope.class);
        for (String name : names) {
            scopes.add(Scope.parse(name).orElseThrow(() -> new BadRequestException("unknown scope: " + name)));
        }
        return scopes;
    }

    /** "30d", "12h", "90m", "3600s"; absent: the default lifetime; never past the maximum. */
    Duration lifetime(String expiresIn) {
        if (expiresIn == null || expiresIn.isEmpty()) {
            return settings.defaultLifetime();
        }
        Matcher matcher = LIFETIME.matcher(expiresIn);
        if (!matcher.matches()) {
            throw new BadRequestException("expires_in must be a number and a unit (s, m, h, d), such as 30d");
        }
        long amount = Long.parseLong(matcher.group(1));
        Duration lifetime = switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (lifetime.compareTo(settings.maxLifetime()) > 0) {
            throw new BadRequestException(
                    "expires_in must be at most " + settings.maxLifetime().toDays() + "d");
        }
        return lifetime;
    }

    static byte[] hash(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static final class Verified {
        final PersonalTokenRepository.Row row;
        volatile @Nullable Instant lastTouched;

        Verified(PersonalTokenRepository.Row row) {
            this.row = row;
            this.lastTouched = row.lastUsedAt();
        }
    }
}
