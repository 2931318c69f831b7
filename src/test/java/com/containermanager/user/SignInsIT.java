package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.auth.AccountState;
import com.containermanager.auth.Role;
import com.containermanager.support.IntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Who a sign-in through a provider is, on the real database: the linked account, an invitation, a new account, or
 * a refusal. (DashboardSingleSignOnIT drives the whole round trip with Keycloak; these are the account rules.)
 */
class SignInsIT extends IntegrationTest {

    @Autowired
    UserRepository users;

    @Autowired
    Accounts accounts;

    @Autowired
    SignIns openSignIns;

    @Autowired
    JdbcClient jdbc;

    private SignIns closed() {
        return new SignIns(users, accounts, new RegistrationSettings(RegistrationSettings.Mode.CLOSED, 0), jdbc);
    }

    @Test
    void withRegistrationClosedOnlyAnInvitedNameGetsIn() {
        String name = "bob-" + suffix();
        assertThatThrownBy(() -> closed().signIn("idp", "subject-" + name, name))
                .isInstanceOf(SignInRefusedException.class)
                .hasMessage("registration is closed: ask an admin to invite " + name);

        long invited = accounts.invite(name, Role.USER);
        SignIns.SignedIn first = closed().signIn("idp", "subject-" + name, name);
        assertThat(first.userId()).isEqualTo(invited);
        assertThat(closed().signIn("idp", "subject-" + name, "renamed-at-the-provider")
                        .userId())
                .as("known by the subject, not the name")
                .isEqualTo(invited);
        assertThatThrownBy(() -> closed().signIn("idp", "someone-else", name))
                .as("an invitation is taken once")
                .isInstanceOf(SignInRefusedException.class);
    }

    @Test
    void aNameTakenByAPasswordAccountIsNeverTakenOver() {
        String name = "carol-" + suffix();
        long local = users.insert(name, "$2a$10$notarealhashnotarealhashnotarealhashnotarealhashnotare");
        SignIns.SignedIn signedIn = openSignIns.signIn("idp", "subject-" + name, name);
        assertThat(signedIn.userId()).isNotEqualTo(local);
        assertThat(signedIn.username()).isEqualTo(name + "-2");
        assertThat(signedIn.created()).isTrue();
    }

    @Test
    void aSuspendedAccountIsRefused() {
        String name = "dave-" + suffix();
        SignIns.SignedIn made = openSignIns.signIn("idp", "subject-" + name, name);
        accounts.setState(made.userId(), AccountState.SUSPENDED);
        assertThatThrownBy(() -> openSignIns.signIn("idp", "subject-" + name, name))
                .isInstanceOf(SignInRefusedException.class)
                .hasMessage("account suspended");
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
