package com.containermanager.appproxy;

import org.jspecify.annotations.Nullable;

/** One port of one container, as an app: whose it is, its names, and who may open it. */
record AppTarget(
        String containerId,
        long ownerId,
        String containerName,
        String username,
        int port,
        PortAccess access,
        @Nullable String profile) {

    String host(AppHosts hosts) {
        return hosts.host(port, containerId, containerName, username);
    }
}
