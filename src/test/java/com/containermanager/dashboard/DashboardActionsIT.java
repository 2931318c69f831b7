package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 21, points 5 and 8: a slow action shows what is happening ("Stopping... up to 10 s") and a toast when it is
 * done or failed; a container that no longer exists gets a page that says so, with nothing to act on.
 */
class DashboardActionsIT extends DashboardTest {

    /** sh as PID 1 ignores SIGTERM: a stop waits the whole grace period (10 s), as a real server often does. */
    static final List<String> SLOW_TO_STOP = List.of("sh", "-c", "sleep 3600");

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aSlowStopShowsItsPendingStateThenAToastAndAFailureSaysWhy(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("pending");
        String slow = startedContainer(user, SLOW_TO_STOP);
        String busy = startedContainer(user, SLOW_TO_STOP);
        String slowName = nameOf(user, slow);
        String busyName = nameOf(user, busy);

        openAs(user, "/ui/containers");
        awaitRowStatus(slow, "running");
        awaitRowStatus(busy, "running");

        row(slow).findElement(testid("row-stop")).click();
        until(d -> "stop".equals(row(slow).getDomAttribute("data-pending")));
        assertThat(row(slow).findElement(testid("row-status")).getText()).isEqualTo("Stopping… up to 10 s");
        assertThat(row(slow).findElement(testid("row-restart")).isEnabled()).isFalse();
        screenshot("containers-pending");

        // Elsewhere, a stop of the other container gets under way (10 s; the engine's kill says it has begun). A
        // restart of it from here is refused: the toast says so, by name.
        Instant asked = Instant.now();
        CompletableFuture<ApiClient.Response> stopElsewhere =
                CompletableFuture.supplyAsync(() -> api.patch("/containers/" + busy + "/stop", user.token()));
        await().atMost(Duration.ofSeconds(8))
                .until(() -> EngineFixture.count(EngineFixture.events(busy, asked, Instant.now()), "kill") > 0);
        row(busy).findElement(testid("row-restart")).click();
        assertThat(awaitToast("Restart " + busyName + " failed: Another operation on this container is still running."))
                .isEqualTo("error");

        // The stop completes: the row says so, and a toast.
        assertThat(awaitToast(slowName + " stopped.")).isEqualTo("ok");
        awaitRowStatus(slow, "exited");
        assertThat(row(slow).getDomAttribute("data-pending")).isNull();
        assertThat(stopElsewhere.join().status()).isEqualTo(200);
        screenshot("containers-toasts");
    }

    @ParameterizedTest
    @EnumSource(Viewport.class)
    void aContainerThatNoLongerExistsGetsAPageThatSaysSo(Viewport size) {
        use(size);
        ApiClient.Session user = api.newUser("gone");
        String deleted = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        assertThat(api.delete("/containers/" + deleted, user.token()).status()).isEqualTo(200);

        // Opened from an old link (a job's): no actions, no empty log box, no repeated error.
        openAs(user, "/ui/containers/" + deleted + "/logs");
        assertThat(find("container-gone").getText()).contains("This container no longer exists");
        assertThat(driver.findElements(testid("detail-start"))).isEmpty();
        assertThat(driver.findElements(testid("log-viewport"))).isEmpty();
        assertThat(driver.findElement(org.openqa.selenium.By.tagName("main")).getText())
                .doesNotContainIgnoringCase("not found");
        assertThat(js("return document.activeElement.tagName")).isEqualTo("H1");
        assertAccessible("a deleted container's page");
        screenshot("container-gone");

        // Deleted elsewhere while its page is open: the page turns into the same one.
        String watched = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        openAs(user, "/ui/containers/" + watched);
        find("detail-delete");
        assertThat(api.delete("/containers/" + watched, user.token()).status()).isEqualTo(200);
        find("container-gone");
        assertThat(driver.findElements(testid("detail-delete"))).isEmpty();
    }

    private String nameOf(ApiClient.Session user, String id) {
        return api.get("/containers/" + id, user.token()).json().get("name").asString();
    }
}
