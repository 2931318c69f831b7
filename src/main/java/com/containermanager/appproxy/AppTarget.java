package com.containermanager.appproxy;

/** One port of one container, as an app: whose it is, its names, and who may open it. */
record AppTarget(String containerId, long ownerId, String containerName, String username, int port, PortAccess access) {

    String host(AppHosts hosts) {
        return hosts.host(port, containerId, containerName, username);
    }
}
