package com.containermanager.auth;

import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

/** A valid token of an account that is suspended or being deleted: 401 with the account's state as the message. */
final class AccountUnusableException extends OAuth2AuthenticationException {

    AccountUnusableException(AccountState state) {
        super(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN), message(state));
    }

    static String message(AccountState state) {
        return state == AccountState.SUSPENDED ? "account suspended" : "account being deleted";
    }
}
