package com.containermanager.auth;

import com.containermanager.limits.RequestRate;
import com.containermanager.web.JsonErrorWriter;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Charges each request with a bearer token this instance knows to its user's {@link RequestRate} bucket, before
 * security, Spring MVC or anything of ours runs: a refused request costs Tomcat's parsing and this filter, no more.
 * A refusal is 429 with Retry-After, answered after {@link #HOLD} rather than at once, because the clients that run
 * into this bound are the ones that retry at once: held, each of their connections asks once a second instead of
 * hundreds of times. Held answers are asynchronous (no thread waits) and bounded per user and per instance; past
 * either bound the refusal is answered at once and the connection closed.
 */
class RequestRateFilter extends OncePerRequestFilter {

    static final Duration HOLD = Duration.ofSeconds(1);
    private static final int TOO_MANY_REQUESTS = 429;
    static final String MESSAGE = "limit reached: requests_per_second (%d)";

    private final RequestRate rate;
    private final KnownBearers known;
    private final HeldRefusals held;
    private final ScheduledExecutorService timer;
    private final String message;

    RequestRateFilter(
            RequestRate rate, KnownBearers known, HeldRefusals held, ScheduledExecutorService timer, int perSecond) {
        this.rate = rate;
        this.known = known;
        this.held = held;
        this.timer = timer;
        this.message = MESSAGE.formatted(perSecond);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !rate.on();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Long user = userOf(request);
        if (user == null || rate.admit(user)) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(HOLD.toSeconds()));
        if (!request.isAsyncSupported() || !held.tryHold(user)) {
            response.setHeader(HttpHeaders.CONNECTION, "close");
            JsonErrorWriter.write(response, TOO_MANY_REQUESTS, message);
            return;
        }
        // The status first, so that the request log's line (written when this returns) says 429.
        response.setStatus(TOO_MANY_REQUESTS);
        AsyncContext async = request.startAsync();
        async.setTimeout(HOLD.multipliedBy(5).toMillis());
        timer.schedule(() -> answer(async, user), HOLD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void answer(AsyncContext async, long user) {
        try {
            JsonErrorWriter.write((HttpServletResponse) async.getResponse(), TOO_MANY_REQUESTS, message);
        } catch (IOException | IllegalStateException e) {
            // The client went away while held: nothing to answer.
        } finally {
            held.release(user);
            try {
                async.complete();
            } catch (IllegalStateException e) {
                // Already completed by its timeout or an error.
            }
        }
    }

    private @Nullable Long userOf(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() < 8 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return known.userOf(header.substring(7).trim());
    }
}
