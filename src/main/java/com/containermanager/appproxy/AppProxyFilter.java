package com.containermanager.appproxy;

import com.containermanager.appproxy.forwarding.HttpForwarder;
import com.containermanager.appproxy.forwarding.Upstream;
import com.containermanager.appproxy.forwarding.WebSocketTunnel;
import com.containermanager.auth.BearerTokens;
import com.containermanager.auth.Scope;
import com.containermanager.container.ContainerActivity;
import com.containermanager.limits.LocalSlotStore;
import com.containermanager.limits.SlotLimitReachedException;
import com.containermanager.limits.UserSlots;
import com.containermanager.runtime.ContainerRoute;
import com.containermanager.runtime.EngineException;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Every request whose host is under {@code proxy.domain} is an app's, served here and never passed on to the API,
 * the dashboard or their security: the ticket and share exchanges ({@link #OPEN_PATH}, {@link #SHARE_PATH}), then,
 * for a request with a live session cookie (or to a public port), the app itself through the forwarder. Anything else
 * gets a small page that says how to open the app. Runs right after the request log, before the JSON body limit
 * (app bodies have their own) and Spring Security ({@link AppProxyConfiguration}).
 */
class AppProxyFilter extends OncePerRequestFilter {

    static final String OPEN_PATH = "/_cm/open";
    static final String SHARE_PATH = "/_cm/share/";
    static final String COOKIE = "cm_app_session";
    static final int MAX_SESSIONS_PER_SHARE = 1000;
    private static final int MAX_COOKIES = 8;
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AppProxyFilter.class);

    private final AppDirectory directory;
    private final AppHosts hosts;
    private final AppPasses passes;
    private final AppEndpoints endpoints;
    private final AppProxySettings settings;
    private final ContainerActivity activity;
    private final BearerTokens bearerTokens;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final UserSlots connections;
    private final ScheduledExecutorService timer;
    private final HttpForwarder forwarder;
    private final ToLongFunction<AppTarget> bodyLimit;

    AppProxyFilter(
            AppDirectory directory,
            AppPasses passes,
            AppEndpoints endpoints,
            AppProxySettings settings,
            ContainerActivity activity,
            BearerTokens bearerTokens,
            ApplicationEventPublisher events,
            Clock clock,
            ToLongFunction<AppTarget> bodyLimit) {
        this.directory = directory;
        this.hosts = directory.hosts();
        this.bodyLimit = bodyLimit;
        this.passes = passes;
        this.endpoints = endpoints;
        this.settings = settings;
        this.activity = activity;
        this.bearerTokens = bearerTokens;
        this.events = events;
        this.clock = clock;
        // Counted on this instance: a proxied request must not cost a database round trip for its slot.
        this.connections = new UserSlots(
                "proxy_connections", settings.maxConnectionsPerUser(), settings.maxConnections(), new LocalSlotStore());
        this.timer = HttpForwarder.deadlineTimer("app-proxy-deadlines");
        this.forwarder = new HttpForwarder(
                settings.connectTimeout(),
                settings.idleTimeout(),
                settings.maxDuration(),
                settings.maxBody().toBytes(),
                timer);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !hosts.isAppHost(request.getServerName());
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        Optional<AppTarget> found = directory.resolve(host);
        if (found.isEmpty()) {
            page(request, response, 404, "No such app", "Nothing is served at " + host + ".");
            return;
        }
        AppTarget app = found.get();
        String path = request.getRequestURI();
        if (path.equals(OPEN_PATH)) {
            exchangeTicket(request, response, app);
            return;
        }
        if (path.startsWith(SHARE_PATH)) {
            exchangeShare(request, response, app, path.substring(SHARE_PATH.length()));
            return;
        }
        boolean open = app.access() == PortAccess.PUBLIC && settings.publicAccess();
        if (!open && crossSite(request)) {
            page(
                    request,
                    response,
                    403,
                    "Refused: a request from another site",
                    "Another site's page asked this app for something other than a page to show. An app opened"
                            + " here takes such requests from its own pages only.");
            return;
        }
        if (!open && !hasSession(request, app)) {
            page(
                    request,
                    response,
                    401,
                    "Open this app from the dashboard",
                    "This is port " + app.port() + " of the container " + app.containerName()
                            + ". Open it with the Open button of that port in the container's details"
                            + " (or POST /containers/{id}/ports/" + app.port() + "/open), or with a share link.");
            return;
        }
        proxy(request, response, app);
    }

    private void proxy(HttpServletRequest request, HttpServletResponse response, AppTarget app) throws IOException {
        UserSlots.Slot slot;
        try {
            slot = connections.take(app.ownerId());
        } catch (SlotLimitReachedException e) {
            response.setHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
            page(request, response, 429, "Too many connections", e.getMessage());
            return;
        }
        boolean handedOver = false;
        try {
            ContainerRoute route;
            try {
                route = endpoints.of(app.containerId()).orElse(null);
            } catch (EngineException e) {
                log.warn("No way to the container {}: {}", app.containerId(), e.getMessage());
                page(
                        request,
                        response,
                        502,
                        "The app cannot be reached",
                        "The service could not open a way to the container; its log says why.");
                return;
            }
            if (route == null || !route.running()) {
                page(
                        request,
                        response,
                        502,
                        "The app is not running",
                        "The container " + app.containerName() + " is not running: start it, then reload.");
                return;
            }
            if (!route.reachable()) {
                page(request, response, 502, "The app cannot be reached", new AppUnreachableException().getMessage());
                return;
            }
            activity.record(app.containerId());
            Upstream target = Upstream.of(route, app.port());
            List<String[]> headers = HttpForwarder.headersFor(request, this::isOurs, forwarded(request));
            String hostHeader = Optional.ofNullable(request.getHeader("Host")).orElse(request.getServerName());
            try {
                if (isUpgrade(request)) {
                    handedOver = WebSocketTunnel.open(
                            forwarder,
                            request,
                            response,
                            target,
                            hostHeader,
                            headers,
                            timer,
                            watch(request, app),
                            slot::close);
                } else {
                    forwarder.forward(request, response, target, hostHeader, headers, bodyLimit.applyAsLong(app));
                }
            } catch (HttpForwarder.UnreachableException e) {
                endpoints.forget(app.containerId());
                page(
                        request,
                        response,
                        502,
                        "The app does not answer",
                        "Nothing answers on port " + app.port() + " of the container " + app.containerName()
                                + ". Is the app started, and listening on all addresses (0.0.0.0)?");
            } catch (HttpForwarder.AppFailedException e) {
                page(
                        request,
                        response,
                        502,
                        "The app broke off",
                        "The app on port " + app.port() + " closed the connection without an answer.");
            } catch (HttpForwarder.BodyTooLargeException e) {
                if (!response.isCommitted()) {
                    response.setHeader("Connection", "close");
                    page(
                            request,
                            response,
                            413,
                            "Request too large",
                            "Request bodies to this app are limited to " + bodyLimit.applyAsLong(app) + " bytes.");
                }
            }
        } finally {
            if (!handedOver) {
                slot.close();
            }
        }
    }

    /**
     * An open WebSocket's watch: it ends when the browser could no longer open it (a share revoked, the level set
     * back, the user suspended, the container gone), and its traffic is activity for the idle stop.
     */
    private WebSocketTunnel.Watch watch(HttpServletRequest request, AppTarget app) {
        String host = request.getServerName().toLowerCase(Locale.ROOT);
        List<String> cookies = cookies(request);
        return new WebSocketTunnel.Watch() {
            @Override
            public boolean stillAllowed() {
                Optional<AppTarget> now = directory.resolve(host);
                if (now.isEmpty() || !now.get().containerId().equals(app.containerId())) {
                    return false;
                }
                AppTarget current = now.get();
                return (current.access() == PortAccess.PUBLIC && settings.publicAccess())
                        || cookies.stream().anyMatch(cookie -> hasSession(cookie, current));
            }

            @Override
            public void trafficPassed() {
                activity.record(app.containerId());
            }
        };
    }

    /** The ticket of POST .../open, once: a session cookie for this origin, then the path asked for. */
    private void exchangeTicket(HttpServletRequest request, HttpServletResponse response, AppTarget app)
            throws IOException {
        String ticket = Optional.ofNullable(request.getParameter("ticket")).orElse("");
        Optional<AppPasses.Pass> pass = passes.redeemTicket(ticket);
        if (pass.isEmpty()
                || !pass.get().containerId().equals(app.containerId())
                || pass.get().port() != app.port()) {
            page(
                    request,
                    response,
                    401,
                    "This link has expired",
                    "Links that open an app work once, for 30 seconds. Open the app again from the dashboard.");
            return;
        }
        Instant expires = clock.instant().plus(settings.sessionLifetime());
        startSession(request, response, passes.openSession(pass.get(), expires), expires, next(request));
    }

    /** A share link: a session of this visitor's own (audited, once per visitor), until the share ends. */
    private void exchangeShare(HttpServletRequest request, HttpServletResponse response, AppTarget app, String secret)
            throws IOException {
        Optional<AppPasses.Share> share = passes.shareBySecret(secret);
        if (share.isEmpty()
                || !share.get().containerId().equals(app.containerId())
                || share.get().port() != app.port()) {
            page(
                    request,
                    response,
                    404,
                    "This share link is not valid",
                    "It expired or was revoked. Ask its owner for a new one.");
            return;
        }
        if (hasSession(request, app)) {
            // The same visitor again (a reload of the link): the session it has, and no second audit row.
            startSession(request, response, null, share.get().expiresAt(), "/");
            return;
        }
        if (passes.sessionsOf(share.get().id()) >= MAX_SESSIONS_PER_SHARE) {
            response.setHeader("Retry-After", "60");
            page(
                    request,
                    response,
                    429,
                    "This share link is busy",
                    "It has been opened by " + MAX_SESSIONS_PER_SHARE + " visitors; ask its owner for a new one.");
            return;
        }
        Instant expires = share.get().expiresAt();
        String cookie = passes.openSession(
                new AppPasses.Pass(
                        app.containerId(), app.port(), null, share.get().id()),
                expires);
        events.publishEvent(new AppShareOpened(
                app.ownerId(), app.containerId(), app.port(), share.get().id(), request.getRemoteAddr()));
        startSession(request, response, cookie, expires, "/");
    }

    /** cookie null: the visitor keeps the session it has; only the redirect. */
    private void startSession(
            HttpServletRequest request,
            HttpServletResponse response,
            @Nullable String cookie,
            Instant expires,
            String next)
            throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setStatus(303);
        response.setHeader("Location", next);
        if (cookie == null) {
            return;
        }
        long maxAge = Math.max(1, expires.getEpochSecond() - clock.instant().getEpochSecond());
        // Host-only (no Domain), HttpOnly; SameSite=Lax so that a link from the dashboard (another site only by
        // its port, the same site by its registrable domain) or from a chat lands signed in on a top-level
        // navigation, while the app's state-changing requests from other sites carry no cookie.
        response.addHeader(
                "Set-Cookie",
                COOKIE + "=" + cookie + "; Path=/; Max-Age=" + maxAge + "; HttpOnly; " + "SameSite=Lax"
                        + (request.isSecure() ? "; Secure" : ""));
    }

    /** Where to land after the ticket: a path of this origin only (never //host or a scheme). */
    private static String next(HttpServletRequest request) {
        String next = request.getParameter("next");
        if (next == null
                || !next.startsWith("/")
                || next.startsWith("//")
                || next.startsWith("/\\")
                || next.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            return "/";
        }
        return next;
    }

    /**
     * A request another site's page made with this origin's cookie that is not a page to show (a fetch, a form
     * post, a WebSocket): refused, because apps behind the proxy often run without a login of their own and
     * SameSite=Lax lets such requests through between hosts of one registrable domain (apps.example.com). Browsers
     * say where a request comes from in Sec-Fetch-Site, and in Origin for WebSockets and posts; clients that say
     * neither (curl, scripts) are not browsers' victims.
     */
    static boolean crossSite(HttpServletRequest request) {
        String site = request.getHeader("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            boolean navigation = "navigate".equals(request.getHeader("Sec-Fetch-Mode"))
                    && (request.getMethod().equals("GET") || request.getMethod().equals("HEAD"));
            return !navigation;
        }
        String origin = request.getHeader("Origin");
        String host = request.getHeader("Host");
        if (origin == null || host == null || (site != null && origin.equals("null"))) {
            return false;
        }
        // The host and port only: a TLS front may hide the scheme the browser saw.
        int authority = origin.indexOf("://");
        return authority < 0 || !origin.substring(authority + 3).equalsIgnoreCase(host);
    }

    /** A live session of this app's for one of the request's cookies of ours, whose user may still open it. */
    private boolean hasSession(HttpServletRequest request, AppTarget app) {
        // Every cookie of that name counts: another host of the same site may have planted one in front of ours.
        for (String cookie : cookies(request)) {
            if (hasSession(cookie, app)) {
                return true;
            }
        }
        return false;
    }

    private boolean hasSession(String cookie, AppTarget app) {
        Optional<AppPasses.Session> session = passes.session(cookie);
        if (session.isEmpty() || !session.get().expiresAt().isAfter(clock.instant())) {
            return false;
        }
        AppPasses.Pass pass = session.get().pass();
        if (!pass.containerId().equals(app.containerId()) || pass.port() != app.port()) {
            return false;
        }
        if (pass.shareId() != null) {
            return true;
        }
        Long user = pass.userId();
        return user != null && (user == app.ownerId() || app.access().opensToOtherUsers());
    }

    private static List<String> cookies(HttpServletRequest request) {
        List<String> values = new ArrayList<>();
        for (String header : Collections.list(request.getHeaders("Cookie"))) {
            for (String pair : header.split(";")) {
                String trimmed = pair.trim();
                if (trimmed.startsWith(COOKIE + "=") && values.size() < MAX_COOKIES) {
                    values.add(trimmed.substring(COOKIE.length() + 1));
                }
            }
        }
        return values;
    }

    /**
     * The proxy's own headers, which the app never gets: its session cookie (the app's other cookies pass), and an
     * Authorization that carries one of the service's tokens.
     */
    private boolean isOurs(String[] header) {
        String name = header[0].toLowerCase(Locale.ROOT);
        if (name.equals("cookie")) {
            List<String> kept = new ArrayList<>();
            for (String pair : header[1].split(";")) {
                if (!pair.trim().startsWith(COOKIE + "=") && !pair.isBlank()) {
                    kept.add(pair.trim());
                }
            }
            header[1] = String.join("; ", kept);
            return kept.isEmpty();
        }
        if (name.equals("authorization")) {
            String value = header[1].trim();
            if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                String token = value.substring(7).trim();
                return token.startsWith("cm_pat_")
                        || bearerTokens.verify(token, Scope.CONTAINERS_READ).isPresent();
            }
        }
        return false;
    }

    private static List<String[]> forwarded(HttpServletRequest request) {
        List<String[]> extra = new ArrayList<>();
        extra.add(new String[] {"X-Forwarded-For", request.getRemoteAddr()});
        extra.add(new String[] {"X-Forwarded-Proto", request.getScheme()});
        extra.add(new String[] {
            "X-Forwarded-Host", Optional.ofNullable(request.getHeader("Host")).orElse("")
        });
        extra.add(new String[] {"X-Forwarded-Port", Integer.toString(request.getServerPort())});
        return extra;
    }

    private static boolean isUpgrade(HttpServletRequest request) {
        if (request.getHeader("Upgrade") == null) {
            return false;
        }
        for (String connection : Collections.list(request.getHeaders("Connection"))) {
            for (String token : connection.split(",")) {
                if (token.trim().equalsIgnoreCase("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }

    private void page(HttpServletRequest request, HttpServletResponse response, int status, String title, String text)
            throws IOException {
        String dashboard = request.getScheme() + "://" + settings.domain() + ":" + request.getServerPort() + "/";
        AppPages.write(response, status, title, text, dashboard);
    }
}
