package com.containermanager.appproxy;

import java.util.UUID;

/** The owner revoked a share link: the browsers that opened it lose the app within seconds. */
public record AppShareRevoked(long ownerId, String containerId, UUID shareId) {}
