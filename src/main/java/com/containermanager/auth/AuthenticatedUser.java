package com.containermanager.auth;

/** The caller of a protected route, as handlers receive it via @AuthenticationPrincipal. */
public record AuthenticatedUser(long id) {}
