package com.containermanager.appproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test app, in the busybox test image: httpd on port 8000 with CGI scripts (echo: what the app received, as its
 * environment; sse: one event, then a second once /tmp/go exists; upload: counts the body), a 200 MiB file when asked,
 * and on port 9000 a canned WebSocket peer (nc -ll: one for every connection, so that a connection right after another
 * never finds the port closed): it answers the handshake for the RFC 6455 example key, sends one text frame, then
 * echoes every byte back. And a browser-like client for app origins: a JDK HttpClient that sends every request to the
 * service as its proxy, so that *.localhost needs no DNS (Tomcat reads the host from the absolute request target), and
 * follows no redirect.
 */
final class AppContainers {

    static final String SETUP = """
            mkdir -p /www/cgi-bin
            cat > /www/cgi-bin/echo <<'EOF'
            #!/bin/sh
            printf 'Content-Type: text/plain\\r\\n\\r\\n'
            env | sort
            EOF
            cat > /www/cgi-bin/sse <<'EOF'
            #!/bin/sh
            printf 'Content-Type: text/event-stream\\r\\n\\r\\n'
            printf 'data: one\\n\\n'
            while [ ! -f /tmp/go ]; do sleep 0.1; done
            printf 'data: two\\n\\n'
            EOF
            cat > /www/cgi-bin/upload <<'EOF'
            #!/bin/sh
            printf 'Content-Type: text/plain\\r\\n\\r\\n'
            wc -c | tr -d ' '
            EOF
            cat > /ws.sh <<'EOF'
            #!/bin/sh
            while IFS= read -r line; do
              line=$(printf '%s' "$line" | tr -d '\\r')
              [ -z "$line" ] && break
            done
            printf 'HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n'
            printf 'Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\\r\\n\\r\\n'
            printf '\\201\\005hello'
            exec cat
            EOF
            chmod +x /www/cgi-bin/* /ws.sh
            echo hello from the app > /www/index.html
            if [ -n "$BIG" ]; then dd if=/dev/zero of=/www/big bs=1048576 count=200 2>/dev/null; fi
            nc -ll -p 9000 -e /ws.sh &
            exec httpd -f -p 8000 -h /www
            """;

    static final List<String> CMD = List.of("sh", "-c", SETUP);

    private AppContainers() {}

    /** A client whose every request goes to the service, whatever host its URL names. */
    static HttpClient browser(int servicePort) {
        return HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", servicePort)))
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static HttpResponse<String> get(HttpClient browser, String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return browser.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Follows the ticket URL once: answers the session cookie's "name=value". */
    static String cookieFrom(HttpClient browser, String ticketUrl) {
        HttpResponse<String> exchanged = get(browser, ticketUrl);
        assertThat(exchanged.statusCode()).as(exchanged.body()).isEqualTo(303);
        String setCookie = exchanged.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie)
                .startsWith("cm_app_session=")
                .contains("HttpOnly")
                .contains("SameSite=Lax")
                .doesNotContainIgnoringCase("Domain=");
        return setCookie.split(";", 2)[0];
    }

    static String origin(String url) {
        Matcher matcher = Pattern.compile("^(http://[^/]+)").matcher(url);
        assertThat(matcher.find()).as(url).isTrue();
        return matcher.group(1);
    }

    /** Waits until httpd in the container answers through the proxy. */
    static void awaitServing(HttpClient browser, String origin, String cookie) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(100))
                .until(() ->
                        get(browser, origin + "/index.html", "Cookie", cookie).statusCode() == 200);
    }
}
