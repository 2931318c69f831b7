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
 * Caps request bodies other than file uploads, so a huge JSON document is refused (413) before it is parsed.
 * Hand-written because Tomcat's size limits apply only to form and multipart bodies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RequestBodyLimitFilter extends OncePerRequestFilter {

    private final long maxBytes;

    RequestBodyLimitFilter(WebSettings settings) {
        this.maxBytes = settings.maxJsonBody().toBytes();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String contentType = request.getContentType();
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBytes) {
            JsonErrorWriter.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, tooLarge());
            return;
        }
        chain.doFilter(new LimitedRequest(request, maxBytes, tooLarge()), response);
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
