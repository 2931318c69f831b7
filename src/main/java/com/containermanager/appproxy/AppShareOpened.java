package com.containermanager.appproxy;

import java.util.UUID;

/**
 * A visitor opened a share link: once per visitor (each browser that follows the link gets a session of its own;
 * its later requests are not events), with the address it came from.
 */
public record AppShareOpened(long ownerId, String containerId, int port, UUID shareId, String visitorAddress) {}
