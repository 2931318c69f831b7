package com.containermanager.appproxy;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.web.util.HtmlUtils;

/**
 * The small pages an app's origin answers itself (never the app, never the API): how to open the app, why it cannot
 * be reached. No script, no outside resource, and a policy that allows none.
 */
final class AppPages {

    private AppPages() {}

    static void write(HttpServletResponse response, int status, String title, String text, String dashboard)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        response.setContentType("text/html;charset=utf-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        String page = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + HtmlUtils.htmlEscape(title)
                + "</title><style>body{font:16px system-ui,sans-serif;max-width:36em;margin:4em auto;padding:0 1em;"
                + "color:#222}</style></head><body><h1>"
                + HtmlUtils.htmlEscape(title) + "</h1><p>" + HtmlUtils.htmlEscape(text) + "</p><p><a href=\""
                + HtmlUtils.htmlEscape(dashboard) + "\">Open the dashboard</a></p></body></html>\n";
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
