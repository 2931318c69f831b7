package com.containermanager.dashboard;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.regex.Pattern;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * Serves the dashboard's one page at {@code /} and at every path under {@code /ui/} (client-side routes, also unknown
 * ones, which the page itself answers). API paths are untouched: an unknown one stays a JSON 404.
 */
@Hidden
@Controller
class DashboardController {

    /** A Host header we are willing to repeat in the policy: a name or address and a port, nothing else. */
    private static final Pattern SAFE_HOST =
            Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?");

    private final byte[] page;

    DashboardController() {
        try (InputStream in = new ClassPathResource("dashboard/index.html").getInputStream()) {
            this.page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the dashboard's page is missing from the jar", e);
        }
    }

    @GetMapping({"/", "/ui", "/ui/", "/ui/**"})
    ResponseEntity<byte[]> page(HttpServletRequest request) {
        return ResponseEntity.ok()
                .contentType(new MediaType(MediaType.TEXT_HTML, java.nio.charset.StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache())
                .header("Content-Security-Policy", contentSecurityPolicy(request.getHeader(HttpHeaders.HOST)))
                .header("Referrer-Policy", "no-referrer")
                .body(page);
    }

    /**
     * Only this origin: scripts, styles, images and fonts from the jar, no inline code, no framing. The console's
     * WebSocket is named explicitly (ws and wss of this host), since older browsers do not count it as 'self'.
     */
    static String contentSecurityPolicy(String host) {
        String sockets = host != null && SAFE_HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; "
                + "connect-src 'self'" + sockets + "; manifest-src 'self'; base-uri 'none'; form-action 'none'; "
                + "frame-ancestors 'none'";
    }
}
