/**
 * Single sign-on with OpenID Connect, through Spring Security's OAuth2 client: the providers of auth.oidc, the
 * browser's round trip to one of them (its state kept in PostgreSQL, so any instance takes the answer), the account
 * and groups of who signed in, and the hand-over to the dashboard: a one-time code in the URL's fragment, exchanged
 * for the same bearer token a password login gives.
 */
@ApplicationModule(allowedDependencies = {"auth", "group", "platform", "user", "web"})
@NullMarked
package com.containermanager.sso;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
