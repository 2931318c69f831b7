package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** A failed creation job shows its error; the jobs and audit pages page through more than one page. */
class DashboardJobsIT extends DashboardTest {

    /** Nothing listens on port 9: the pull fails at once and for good. */
    static final String UNPULLABLE = UNREACHABLE_REGISTRY + "/cm-test/missing:1";

    @Test
    void aFailedJobShowsItsError() {
        ApiClient.Session user = api.newUser("failing");
        openAs(user, "/ui/containers/new");
        type("image", UNPULLABLE);
        find("create-submit").click();
        until(d -> "failed".equals(find("job-panel").getDomAttribute("data-status")));
        assertThat(find("job-status").getText()).isEqualTo("failed");
        assertThat(find("job-error").getText()).isEqualTo("The registry cannot be reached.");
        screenshot("create-job-failed");
    }

    @Test
    void aRefusedRequestShowsTheApisMessage() {
        ApiClient.Session user = api.newUser("refused");
        openAs(user, "/ui/containers/new");
        type("image", "Not A Valid Reference!");
        find("create-submit").click();
        // The service's refusal stands at the field it is about.
        until(d -> "true".equals(find("image").getDomAttribute("aria-invalid")));
        assertThat(driver.findElement(By.id(find("image").getDomAttribute("data-error-id")))
                        .getText())
                .isNotBlank();
        assertThat(driver.findElements(testid("job-panel")).getFirst().isDisplayed())
                .isFalse();
    }

    @Test
    void jobsAndAuditArePaged() {
        ApiClient.Session user = api.newUser("pages");
        int total = 52; // one page is 50
        for (int batch = 0; batch < total; batch += 10) {
            List<String> jobs = new ArrayList<>();
            for (int i = batch; i < Math.min(total, batch + 10); i++) {
                ApiClient.Response submitted =
                        api.post("/containers", ApiClient.json(Map.of("image", UNPULLABLE)), user.token());
                assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
                jobs.add(submitted.json().get("job_id").asString());
            }
            jobs.forEach(job -> awaitJob(user, job));
        }

        openAs(user, "/ui/jobs");
        until(d -> rows("jobs") == 50);
        assertThat(find(By.cssSelector("[data-testid='job-row-status']")).getText())
                .isEqualTo("failed");
        find("jobs-more").click();
        until(d -> rows("jobs") == total);

        find("nav-audit").click();
        until(d -> rows("audit") == 50);
        find("audit-more").click();
        until(d -> rows("audit") > 50);
        assertThat(find("audit-body").getText()).contains("Container creation job");
    }

    private int rows(String table) {
        return driver.findElements(testid(table + "-row")).size();
    }
}
