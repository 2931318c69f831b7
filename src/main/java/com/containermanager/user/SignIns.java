package com.containermanager.user;

import com.containermanager.auth.AccountState;
import com.containermanager.auth.Role;
import java.text.Normalizer;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The account of someone an identity provider vouches for. Known by the provider's subject (never by a name, which
 * the provider may let them change): that account. Otherwise an account an admin invited under the name the
 * provider gives (no password, no identity yet) is taken; otherwise, when registration is open, one is made (its
 * name from the provider's, made valid and unique). Registration closed and no invitation: refused.
 */
@Service
public class SignIns {

    private static final int MAX_SUFFIX = 20;

    private final UserRepository users;
    private final Accounts accounts;
    private final RegistrationSettings registration;
    private final JdbcClient jdbc;

    SignIns(UserRepository users, Accounts accounts, RegistrationSettings registration, JdbcClient jdbc) {
        this.users = users;
        this.accounts = accounts;
        this.registration = registration;
        this.jdbc = jdbc;
    }

    /** Who signed in: the account's id and name, and whether it was made by this sign-in. */
    public record SignedIn(long userId, String username, boolean created) {}

    @Transactional
    public SignedIn signIn(String provider, String subject, String claimedName) {
        Optional<Long> linked = jdbc.sql("select user_id from user_identities where provider = :p and subject = :s")
                .param("p", provider)
                .param("s", subject)
                .query(Long.class)
                .optional();
        if (linked.isPresent()) {
            User user = users.findById(linked.get()).orElseThrow(() -> new SignInRefusedException("account not found"));
            return usable(user, false);
        }
        String name = validName(claimedName);
        Optional<User> invited =
                users.findByUsername(name).filter(user -> user.passwordHash() == null && !hasIdentity(user.id()));
        if (invited.isPresent()) {
            link(provider, subject, invited.get().id());
            return usable(invited.get(), false);
        }
        if (registration.mode() == RegistrationSettings.Mode.CLOSED) {
            throw new SignInRefusedException("registration is closed: ask an admin to invite " + name);
        }
        for (int suffix = 1; suffix <= MAX_SUFFIX; suffix++) {
            String candidate = suffix == 1 ? name : trimmed(name, suffix);
            try {
                Role role = accounts.roleForNew(candidate);
                long id = jdbc.sql("insert into users (username, password_hash, role) values (:name, null, :role) "
                                + "on conflict do nothing returning id")
                        .param("name", candidate)
                        .param("role", role.value())
                        .query(Long.class)
                        .optional()
                        .orElse(-1L);
                if (id > 0) {
                    link(provider, subject, id);
                    return new SignedIn(id, candidate, true);
                }
            } catch (DuplicateKeyException e) {
                // taken: the next suffix
            }
        }
        throw new SignInRefusedException("no free username for " + name + ": ask an admin to invite you");
    }

    private SignedIn usable(User user, boolean created) {
        if (user.state() != AccountState.ACTIVE) {
            throw new SignInRefusedException(
                    user.state() == AccountState.SUSPENDED ? "account suspended" : "account being deleted");
        }
        return new SignedIn(user.id(), user.username(), created);
    }

    private boolean hasIdentity(long userId) {
        return jdbc.sql("select exists (select 1 from user_identities where user_id = :id)")
                .param("id", userId)
                .query(Boolean.class)
                .single();
    }

    private void link(String provider, String subject, long userId) {
        jdbc.sql("insert into user_identities (provider, subject, user_id) values (:p, :s, :u)")
                .param("p", provider)
                .param("s", subject)
                .param("u", userId)
                .update();
    }

    /** The provider's name made to follow the username rules: letters, digits, '.', '_', '-', 3 to 64. */
    static String validName(String claimed) {
        String ascii = Normalizer.normalize(claimed == null ? "" : claimed, Normalizer.Form.NFKD)
                .replaceAll("[^A-Za-z0-9._-]", "");
        if (ascii.length() > CredentialRules.MAX_USERNAME) {
            ascii = ascii.substring(0, CredentialRules.MAX_USERNAME);
        }
        while (ascii.length() < CredentialRules.MIN_USERNAME) {
            ascii = ascii + "_";
        }
        return ascii;
    }

    private static String trimmed(String name, int suffix) {
        String tail = "-" + suffix;
        return (name.length() + tail.length() > CredentialRules.MAX_USERNAME
                        ? name.substring(0, CredentialRules.MAX_USERNAME - tail.length())
                        : name)
                + tail;
    }
}
