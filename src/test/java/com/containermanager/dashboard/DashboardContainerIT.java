package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * One container's terminal under the page's policy; its logs at volume and its stats, which need stage-two
 * endpoints (logs, stats) and are skipped until those answer.
 */
class DashboardContainerIT extends DashboardTest {

    /**
     * The console's terminal (xterm.js from its WebJar) loads and draws under the page's policy; this needs no
     * stage-two endpoint. The console itself is tested in the journey.
     */
    @Test
    void theTerminalRunsUnderThePagesPolicy() {
        ApiClient.Session user = api.newUser("terminal");
        openAs(user, "/ui/containers");
        find("containers-table");
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> result = (java.util.Map<String, Object>)
                driver.executeAsyncScript("const done = arguments[arguments.length - 1]; const violations = [];"
                        + " document.addEventListener('securitypolicyviolation', e => violations.push(e.violatedDirective));"
                        + " const css = document.createElement('link'); css.rel = 'stylesheet';"
                        + " css.href = '/webjars/xterm/4.9.0/css/xterm.css'; document.head.append(css);"
                        + " const s = document.createElement('script'); s.src = '/webjars/xterm/4.9.0/lib/xterm.js';"
                        + " s.onload = () => { const el = document.createElement('div'); document.body.append(el);"
                        + "   const term = new Terminal({cols: 40, rows: 5}); term.open(el);"
                        + "   term.write('hello under csp\\r\\n', () => setTimeout(() => done({violations,"
                        + "     line: term.buffer.active.getLine(0).translateToString(true),"
                        + "     canvas: el.querySelectorAll('canvas').length,"
                        + "     styles: document.querySelectorAll('style').length}), 300)); };"
                        + " s.onerror = () => done({error: 'xterm.js did not load'}); document.head.append(s);");
        assertThat(result).doesNotContainKey("error");
        assertThat(result.get("line")).isEqualTo("hello under csp");
        assertThat((java.util.List<?>) result.get("violations")).isEmpty();
        assertThat(((Number) result.get("canvas")).intValue()).isPositive();
        assertThat(((Number) result.get("styles")).intValue()).isZero();
    }

    /** 100,000 lines: as many as the viewer keeps (its ring buffer drops the oldest beyond that). */
    @Test
    void aHundredThousandLogLinesStayResponsiveAndSearchable() {
        ApiClient.Session user = api.newUser("loud");
        assumeEndpoint("GET", "/containers/" + NOBODYS_CONTAINER + "/logs?tail=1", user.token());
        String id =
                createContainer(user, List.of("sh", "-c", "sleep 5; seq 1 99999; echo needle-line; " + EXITS_ON_TERM));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);

        openAs(user, "/ui/containers/" + id + "/logs");
        until(d -> "100000".equals(find("log-viewport").getDomAttribute("data-lines")));
        long linesInDom =
                ((Number) js("return document.querySelectorAll('[data-testid=log-line]').length")).longValue();
        assertThat(linesInDom).isLessThan(200);
        // The page still answers at once: a script runs, and a search over all lines narrows them.
        type("log-search", "needle");
        until(d -> find("log-status").getText().startsWith("1 of 100000"));
        assertThat(find("log-viewport").getText()).contains("needle-line");
        screenshot("container-logs-100k");
    }

    @Test
    void statsDrawLiveCharts() {
        ApiClient.Session user = api.newUser("stats");
        assumeEndpoint("GET", "/containers/" + NOBODYS_CONTAINER + "/stats", user.token());
        String id = createContainer(user, List.of("sh", "-c", EXITS_ON_TERM));
        assertThat(api.patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        openAs(user, "/ui/containers/" + id + "/stats");
        until(d -> {
            String samples = find("stats-extra")
                    .findElement(org.openqa.selenium.By.xpath(".."))
                    .getDomAttribute("data-samples");
            return samples != null && Integer.parseInt(samples) >= 3;
        });
        assertThat(find("stats-memory").getText()).contains("limit");
    }
}
