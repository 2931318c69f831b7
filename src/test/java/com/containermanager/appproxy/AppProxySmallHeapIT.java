package com.containermanager.appproxy;

import static com.containermanager.appproxy.AppContainers.browser;
import static com.containermanager.appproxy.AppContainers.cookieFrom;
import static com.containermanager.appproxy.AppContainers.origin;
import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Proof that the app proxy streams: Failsafe runs this class alone in a JVM with a 128 MiB heap (see pom.xml), and
 * 200 MiB go to the app and 200 MiB come back through the proxy. Held whole anywhere, either would not fit. Both
 * ways to the app: through the relay of a network without egress (the default profile), and directly to one of a
 * profile with egress allowed (the host has an address on its network).
 */
@TestPropertySource(properties = {"containers.profiles.small.egress=none", "containers.profiles.direct.egress=allowed"})
class AppProxySmallHeapIT extends IntegrationTest {

    private static final long SIZE = 200L * 1024 * 1024;

    @org.springframework.beans.factory.annotation.Autowired
    private com.containermanager.platform.Installation installation;

    @Test
    void shouldStreamTwoHundredMebibytesEachWayThroughTheProxyAndTheRelay() throws Exception {
        assertThat(relaysOf(streamEachWay("small"))).hasSize(1);
    }

    @Test
    void shouldStreamTwoHundredMebibytesEachWayThroughTheProxysDirectWay() throws Exception {
        assertThat(relaysOf(streamEachWay("direct"))).isEmpty();
    }

    private java.util.List<String> relaysOf(ApiClient.Session user) {
        return com.containermanager.support.EngineFixture.containersLabelled(Map.of(
                "container-manager.relay",
                user.userId(),
                com.containermanager.runtime.ContainerLabels.INSTALLATION,
                installation.id().toString()));
    }

    /** Its user, whose container of this profile took 200 MiB each way through the proxy. */
    private ApiClient.Session streamEachWay(String profile) throws Exception {
        assertThat(Runtime.getRuntime().maxMemory())
                .as("the heap this proof relies on")
                .isLessThan(SIZE);
        ApiClient.Session user = api.newUser("app-big");
        JsonNode job = createAndAwait(
                user,
                Map.of(
                        "image",
                        TEST_IMAGE,
                        "cmd",
                        AppContainers.CMD,
                        "name",
                        "big",
                        "env",
                        List.of("BIG=1"),
                        "profile",
                        profile));
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        String id = job.get("result").get("container_id").asString();
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        HttpClient browser = browser(port);
        String url = api.post("/containers/big/ports/8000/open", "{}", user.token())
                .json()
                .get("url")
                .asString();
        String cookie = cookieFrom(browser, url);
        String origin = origin(url);
        // httpd starts once the 200 MiB file is written
        AppContainers.awaitServing(browser, origin, cookie);

        long started = System.nanoTime();
        HttpResponse<InputStream> download = browser.send(
                HttpRequest.newBuilder(URI.create(origin + "/big"))
                        .header("Cookie", cookie)
                        .timeout(Duration.ofMinutes(2))
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(download.statusCode()).isEqualTo(200);
        long received = 0;
        try (InputStream body = download.body()) {
            byte[] buffer = new byte[1 << 16];
            for (int n = body.read(buffer); n >= 0; n = body.read(buffer)) {
                received += n;
            }
        }
        assertThat(received).isEqualTo(SIZE);
        long downloadMillis = (System.nanoTime() - started) / 1_000_000;

        started = System.nanoTime();
        HttpResponse<String> upload = browser.send(
                HttpRequest.newBuilder(URI.create(origin + "/cgi-bin/upload"))
                        .header("Cookie", cookie)
                        .timeout(Duration.ofMinutes(2))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> new Zeros(SIZE)), SIZE))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(200);
        assertThat(upload.body().trim()).isEqualTo(Long.toString(SIZE));
        long uploadMillis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf(
                "app proxy (%s), 200 MiB: download %d ms, upload %d ms%n", profile, downloadMillis, uploadMillis);
        return user;
    }

    /** size zero bytes, never held. */
    private static final class Zeros extends InputStream {
        private long left;

        Zeros(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            if (left <= 0) {
                return -1;
            }
            left--;
            return 0;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
