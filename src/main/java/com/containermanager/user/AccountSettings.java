package com.containermanager.user;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * initialAdmin (auth.initial_admin): the username that is made an admin when it registers, signs in or is made
 * with make user, and at start-up if it exists; empty for none. passwordLogin (auth.password_login): false turns off
 * login and registration with a password, for installations that sign in only through an identity provider.
 */
@ConfigurationProperties("cm.accounts")
public record AccountSettings(@Nullable String initialAdmin, boolean passwordLogin) {

    public boolean isInitialAdmin(String username) {
        return initialAdmin != null && !initialAdmin.isBlank() && initialAdmin.equalsIgnoreCase(username);
    }
}
