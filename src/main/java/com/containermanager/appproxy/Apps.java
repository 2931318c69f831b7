package com.containermanager.appproxy;

import com.containermanager.auth.AuthenticatedUser;
import com.containermanager.container.ContainerNotFoundException;
import com.containermanager.container.OwnershipCheck;
import com.containermanager.runtime.ContainerAddresses;
import com.containermanager.runtime.ContainerRoute;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.EngineContainerNotRunningException;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.ForbiddenException;
import com.containermanager.web.NotFoundException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;

/**
 * The apps' endpoints' work: a container's ports and their access levels, opening a port (a ticket for its origin),
 * share links. The owner's containers by id or name; another user's only by full id, and only a port whose level
 * lets other users in (else 404, as for anything not one's own).
 */
@Service
class Apps {

    static final String EXPIRES_IN_RULE = "expires_in must be a duration such as 30m, 24h or 7d";
    private static final Pattern FULL_ID = Pattern.compile("[0-9a-f]{64}");

    private final OwnershipCheck owned;
    private final AppDirectory directory;
    private final AppPasses passes;
    private final ContainerRuntime runtime;
    private final AppProxySettings settings;
    private final ApplicationEventPublisher events;

    Apps(
            OwnershipCheck owned,
            AppDirectory directory,
            AppPasses passes,
            ContainerRuntime runtime,
            AppProxySettings settings,
            ApplicationEventPublisher events) {
        this.owned = owned;
        this.directory = directory;
        this.passes = passes;
        this.runtime = runtime;
        this.settings = settings;
        this.events = events;
    }

    /** How the caller reached the API (scheme and port), which the apps' origins share. */
    record Origins(String scheme, int port) {
        String of(String host) {
            boolean standard = (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + host + (standard ? "" : ":" + port);
        }
    }

    List<PortResponse> ports(long userId, String idOrName, Origins origins) {
        String id = owned.requireOwned(userId, idOrName);
        Map<Integer, PortAccess> levels = directory.levels(id);
        var exposed =
                runtime.addresses(id).map(ContainerAddresses::exposedPorts).orElse(java.util.Set.of());
        TreeSet<Integer> all = new TreeSet<>(levels.keySet());
        all.addAll(exposed);
        return all.stream()
                .map(port -> response(
                        id, port, levels.getOrDefault(port, PortAccess.OWNER), exposed.contains(port), origins))
                .toList();
    }

    PortResponse setAccess(long userId, String idOrName, int port, String access, Origins origins) {
        String id = owned.requireOwned(userId, idOrName);
        requirePort(port);
        PortAccess level = PortAccess.parse(access);
        if (level == null) {
            throw new BadRequestException("access must be owner, users or public");
        }
        if (level == PortAccess.PUBLIC && !settings.publicAccess()) {
            throw new ForbiddenException("public access not allowed");
        }
        directory.setLevel(id, port, level);
        boolean exposed = runtime.addresses(id)
                .map(addresses -> addresses.exposedPorts().contains(port))
                .orElse(false);
        return response(id, port, level, exposed, origins);
    }

    OpenResponse open(AuthenticatedUser user, String idOrName, int port, String path, Origins origins) {
        requirePort(port);
        AppTarget target = openable(user.id(), idOrName, port);
        // Asked now (not at the first proxied request) so that a relay this needs is made before the browser comes.
        ContainerRoute route = runtime.route(target.containerId()).orElseThrow(ContainerNotFoundException::new);
        if (!route.running()) {
            throw new EngineContainerNotRunningException();
        }
        if (!route.reachable()) {
            throw new AppUnreachableException();
        }
        String ticket = passes.issueTicket(new AppPasses.Pass(target.containerId(), port, user.id(), null));
        String url = origins.of(target.host(directory.hosts())) + AppProxyFilter.OPEN_PATH + "?ticket=" + ticket
                + "&next=" + URLEncoder.encode(path, StandardCharsets.UTF_8);
        return new OpenResponse(url, AppPasses.TICKET_LIFETIME.toSeconds());
    }

    /** The owner's own container by id or name; another user's by full id when the port lets other users in. */
    private AppTarget openable(long userId, String idOrName, int port) {
        if (FULL_ID.matcher(idOrName).matches()) {
            AppTarget target = directory.target(idOrName, port).orElseThrow(ContainerNotFoundException::new);
            if (target.ownerId() == userId || target.access().opensToOtherUsers()) {
                return target;
            }
            throw new ContainerNotFoundException();
        }
        String id = owned.requireOwned(userId, idOrName);
        return directory.target(id, port).orElseThrow(ContainerNotFoundException::new);
    }

    ShareResponse share(long userId, String idOrName, int port, String expiresIn, Origins origins) {
        String id = owned.requireOwned(userId, idOrName);
        requirePort(port);
        Duration lifetime = lifetime(expiresIn);
        AppTarget target = directory.target(id, port).orElseThrow(ContainerNotFoundException::new);
        AppPasses.NewShare made = passes.createShare(id, port, userId, lifetime);
        events.publishEvent(new AppShareCreated(
                userId, id, port, made.share().id(), made.share().expiresAt()));
        String url = origins.of(target.host(directory.hosts())) + AppProxyFilter.SHARE_PATH + made.secret();
        return response(made.share(), url);
    }

    List<ShareResponse> shares(long userId, String idOrName) {
        String id = owned.requireOwned(userId, idOrName);
        return passes.shares(id).stream().map(share -> response(share, null)).toList();
    }

    void revoke(long userId, String idOrName, String shareId) {
        String id = owned.requireOwned(userId, idOrName);
        UUID share;
        try {
            share = UUID.fromString(shareId);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("share not found");
        }
        if (!passes.revokeShare(id, share)) {
            throw new NotFoundException("share not found");
        }
        events.publishEvent(new AppShareRevoked(userId, id, share));
    }

    private Duration lifetime(String expiresIn) {
        Duration lifetime;
        try {
            lifetime = DurationStyle.detectAndParse(expiresIn.trim());
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new BadRequestException(EXPIRES_IN_RULE);
        }
        if (lifetime.compareTo(Duration.ofMinutes(1)) < 0) {
            throw new BadRequestException("expires_in must be at least 1m");
        }
        if (lifetime.compareTo(settings.maxShareLifetime()) > 0) {
            throw new BadRequestException("expires_in must be at most " + DurationText.of(settings.maxShareLifetime()));
        }
        return lifetime;
    }

    private static void requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new BadRequestException("port must be between 1 and 65535");
        }
    }

    private PortResponse response(String containerId, int port, PortAccess access, boolean exposed, Origins origins) {
        String host = directory
                .target(containerId, port)
                .map(target -> target.host(directory.hosts()))
                .orElseThrow(ContainerNotFoundException::new);
        return new PortResponse(port, access.value(), exposed, origins.of(host));
    }

    private static ShareResponse response(AppPasses.Share share, @org.jspecify.annotations.Nullable String url) {
        return new ShareResponse(share.id(), share.port(), url, share.createdAt(), share.expiresAt());
    }

    /** A duration as the settings write it (30d, 12h, 90m, 45s). */
    static final class DurationText {
        private DurationText() {}

        static String of(Duration duration) {
            long seconds = duration.toSeconds();
            if (seconds % 86_400 == 0) {
                return seconds / 86_400 + "d";
            }
            if (seconds % 3600 == 0) {
                return seconds / 3600 + "h";
            }
            if (seconds % 60 == 0) {
                return seconds / 60 + "m";
            }
            return seconds + "s";
        }
    }
}
