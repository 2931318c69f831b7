package com.containermanager.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Caps request bodies other than file uploads, so a huge JSON document is refused (413) before it is parsed, and
 * bounds what such bodies hold at once: a JSON body is read whole before it is used, so each one in flight reserves
 * its size (its Content-Length, or the cap when it is chunked) from a budget per client address and one per instance
 * (web.json_bodies_per_client, web.json_bodies), given back when the request ends; past either, 429 with
 * Retry-After. Bodies of at most {@link #SMALL} bytes, nearly every request, cost no reservation. Hand-written
 * because Tomcat's size limits apply only to form and multipart bodies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    /** A body this small is not worth reserving for: the request's own buffers are larger. */
    static final long SMALL = 8 * 1024;

    private final long maxBytes;
    private final ByteBudget instance;
    private final ByteBudget.PerKey perClient;

    RequestBodyLimitFilter(WebSettings settings) {
        this.maxBytes = settings.maxJsonBody().toBytes();
        this.instance = new ByteBudget(settings.jsonBodies().toBytes());
        this.perClient = new ByteBudget.PerKey(settings.jsonBodiesPerClient().toBytes());
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        if (length > maxBytes) {
            JsonErrorWriter.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge());
            return;
        }
        boolean chunked = length < 0 && request.getHeader("Transfer-Encoding") != null;
        long reserve = chunked ? maxBytes : Math.max(0, length);
        if (reserve <= SMALL) {
            chain.doFilter(new LimitedRequest(request, maxBytes, tooLarge()), response);
            return;
        }
        String client = request.getRemoteAddr();
        if (!perClient.tryTake(client, reserve)) {
            busy(response, "request bodies of this client");
            return;
        }
        if (!instance.tryTake(reserve)) {
            perClient.give(client, reserve);
            busy(response, "request bodies");
            return;
        }
        try {
            chain.doFilter(new LimitedRequest(request, maxBytes, tooLarge()), response);
        } finally {
            instance.give(reserve);
            perClient.give(client, reserve);
        }
    }

    private static void busy(HttpServletResponse response, String what) throws IOException {
        response.setHeader("Retry-After", "1");
        JsonErrorWriter.write(response, 429, "server busy: " + what + " in flight, retry shortly");
    }

    private String tooLarge() {
        return "request body exceeds " + maxBytes + " bytes";
    }

    private static final class LimitedRequest extends HttpServletRequestWrapper {
        private final long maxBytes;
        private final String message;
        private ServletInputStream stream;

        LimitedRequest(HttpServletRequest request, long maxBytes, String message) {
            super(request);
            this.maxBytes = maxBytes;
            this.message = message;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new LimitedStream(super.getInputStream(), maxBytes, message);
            }
            return stream;
        }
    }

    private static final class LimitedStream extends ServletInputStream {
        private final ServletInputStream delegate;
        private final long maxBytes;
        private final String message;
        private long read;

        LimitedStream(ServletInputStream delegate, long maxBytes, String message) {
            this.delegate = delegate;
            this.maxBytes = maxBytes;
            this.message = message;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > maxBytes) {
                throw new RequestBodyTooLargeException(message);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
