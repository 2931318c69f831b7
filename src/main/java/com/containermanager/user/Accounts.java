package com.containermanager.user;

import com.containermanager.auth.Account;
import com.containermanager.auth.AccountState;
import com.containermanager.auth.KnownUsers;
import com.containermanager.auth.Role;
import com.containermanager.cluster.ClusterNotifications;
import com.containermanager.platform.RelaxedCommits;
import com.containermanager.web.NotFoundException;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts as the rest of the service sees them: the state and role every authenticated request is checked
 * against, and what admins and sign-ins change. The check is answered from a cache of accounts; a change of role,
 * state or existence is announced through PostgreSQL (NOTIFY, on commit), and every instance forgets that account at
 * once. A reconnect of the listening session forgets every account, since changes may have been missed meanwhile;
 * entries also expire after a while, in case a change was made with SQL by hand.
 */
@Service
public class Accounts implements KnownUsers {

    private static final Logger log = LoggerFactory.getLogger(Accounts.class);
    private static final String SUMMARY_COLUMNS =
            "id, username, role, state, created_at, last_login_at, state_changed_at, password_hash is not null as has_password";

    private final UserRepository users;
    private final JdbcClient jdbc;
    private final RelaxedCommits relaxed;
    private final AccountSettings settings;
    private final ApplicationEventPublisher events;
    private final Cache<Long, Account> accounts = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30))
            .maximumSize(100_000)
            .build();

    Accounts(
            UserRepository users,
            JdbcClient jdbc,
            RelaxedCommits relaxed,
            AccountSettings settings,
            ApplicationEventPublisher events,
            ClusterNotifications notifications) {
        this.events = events;
        this.users = users;
        this.jdbc = jdbc;
        this.relaxed = relaxed;
        this.settings = settings;
        notifications.subscribe(UserRepository.ACCOUNT_CHANNEL, id -> accounts.invalidate(Long.parseLong(id)));
        notifications.onReconnect(missed -> accounts.invalidateAll());
    }

    /** The operator's initial admin, if that account exists already; a new one is made admin as it is made. */
    @EventListener(ApplicationReadyEvent.class)
    void promoteInitialAdmin() {
        String name = settings.initialAdmin();
        if (name != null && !name.isBlank() && users.promote(name)) {
            // Other instances may know the account as a plain user still.
            users.findByUsername(name).ifPresent(user -> users.announceChange(user.id()));
            log.info("Made the initial admin (auth.initial_admin) an admin: {}", name);
        }
    }

    /** Asked on every authenticated request: a missing account is never kept, so an unknown id stays 401. */
    @Override
    public Optional<Account> account(long userId) {
        Account known = accounts.getIfPresent(userId);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<Account> found = users.findById(userId).map(user -> new Account(user.id(), user.role(), user.state()));
        found.ifPresent(account -> accounts.put(userId, account));
        return found;
    }

    @Override
    public boolean exists(long userId) {
        return account(userId).isPresent();
    }

    @Override
    public Set<Long> existing(Collection<Long> userIds) {
        return userIds.isEmpty() ? Set.of() : users.existing(userIds);
    }

    /** The role a new account gets: admin for the operator's initial admin. */
    Role roleForNew(String username) {
        return settings.isInitialAdmin(username) ? Role.ADMIN : Role.USER;
    }

    public void recordLogin(long userId) {
        users.recordLogin(userId, relaxed.relaxingCondition());
    }

    public AccountSummary get(long userId) {
        return jdbc.sql("select " + SUMMARY_COLUMNS + " from users where id = :id")
                .param("id", userId)
                .query(Accounts::summary)
                .optional()
                .orElseThrow(() -> new NotFoundException("user not found"));
    }

    /**
     * Accounts whose name contains q (any case), by id, after the given id, at most limit; an empty q matches all.
     */
    public List<AccountSummary> search(String q, long afterId, int limit) {
        return jdbc.sql("select " + SUMMARY_COLUMNS + " from users where id > :after "
                        + "and (:q = '' or strpos(lower(username), lower(:q)) > 0) order by id limit :limit")
                .param("after", afterId)
                .param("q", q)
                .param("limit", limit)
                .query(Accounts::summary)
                .list();
    }

    public Map<Long, String> usernames(Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return Map.of();
        }
        return jdbc
                .sql("select id, username from users where id in (:ids)")
                .param("ids", userIds)
                .query((rs, n) -> Map.entry(rs.getLong("id"), rs.getString("username")))
                .list()
                .stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    /** Changes the account's state; every instance learns of it when the transaction commits. */
    @Transactional
    public void setState(long userId, AccountState state) {
        int updated = jdbc.sql("update users set state = :state, state_changed_at = now() where id = :id")
                .param("state", state.value())
                .param("id", userId)
                .update();
        changed(userId, updated);
    }

    @Transactional
    public void setRole(long userId, Role role) {
        int updated = jdbc.sql("update users set role = :role where id = :id")
                .param("role", role.value())
                .param("id", userId)
                .update();
        changed(userId, updated);
    }

    /**
     * An account without a password, for someone who will sign in through an identity provider: their first
     * sign-in with this username takes it, even when registration is closed. Throws UsernameTakenException.
     */
    @Transactional
    public long invite(String username, Role role) {
        CredentialRules.checkUsername(username);
        try {
            return users.insert(username, null, settings.isInitialAdmin(username) ? Role.ADMIN : role);
        } catch (DuplicateKeyException e) {
            throw new UsernameTakenException();
        }
    }

    /** Removes the account row; its jobs, tokens, identities and memberships go with it, its audit rows stay. */
    @Transactional
    public void delete(long userId) {
        User user = users.findById(userId).orElseThrow(() -> new NotFoundException("user not found"));
        events.publishEvent(new AccountDeleted(userId, user.username()));
        int deleted =
                jdbc.sql("delete from users where id = :id").param("id", userId).update();
        changed(userId, deleted);
    }

    private void changed(long userId, int updated) {
        if (updated == 0) {
            throw new NotFoundException("user not found");
        }
        users.announceChange(userId);
        accounts.invalidate(userId);
    }

    private static AccountSummary summary(ResultSet rs, int row) throws SQLException {
        return new AccountSummary(
                rs.getLong("id"),
                rs.getString("username"),
                Role.parse(rs.getString("role")).orElse(Role.USER),
                AccountState.parse(rs.getString("state")).orElse(AccountState.SUSPENDED),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                instant(rs.getObject("last_login_at", OffsetDateTime.class)),
                instant(rs.getObject("state_changed_at", OffsetDateTime.class)),
                rs.getBoolean("has_password"));
    }

    private static java.time.@Nullable Instant instant(@Nullable OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
