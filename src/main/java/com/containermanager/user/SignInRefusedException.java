package com.containermanager.user;

import com.containermanager.web.ForbiddenException;

/** A sign-in through an identity provider that may not have an account here: registration closed, suspended. */
public class SignInRefusedException extends ForbiddenException {
    public SignInRefusedException(String message) {
        super(message);
    }
}
