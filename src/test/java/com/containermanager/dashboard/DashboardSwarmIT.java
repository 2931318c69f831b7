package com.containermanager.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.LocalSwarm;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The admin pages under {@code runtime.kind: swarm}, on the test JVM's real three-node swarm ({@link LocalSwarm}): the
 * Cluster page lists the swarm's nodes with their state, role and containers, and the list of all containers says
 * which node each is on, as the node engines do. With axe-core and a screenshot.
 */
class DashboardSwarmIT extends DashboardTest {

    @DynamicPropertySource
    static void onTheSwarm(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "dashboard-swarm");
        LocalSwarm.registerRuntime(registry);
    }

    @Test
    void theAdminPagesShowTheSwarmsNodesAndWhereEachContainerIs() {
        ApiClient.Session user = api.newUser("swarm-page");
        ApiClient.Session admin = newAdmin("swarm-page-admin");
        String started = startedContainer(user, List.of("sleep", "600"));
        List<String> running = LocalSwarm.shared().nodesRunning(started);
        assertThat(running).hasSize(1);
        String node = running.getFirst();

        openAs(admin, "/ui/admin/cluster");
        List<WebElement> rows = until(d -> {
            List<WebElement> found = d.findElements(testid("node-row"));
            return found.size() == LocalSwarm.shared().nodes().size() ? found : null;
        });
        assertThat(rows.stream()
                        .map(row -> row.findElement(org.openqa.selenium.By.tagName("td"))
                                .getText()))
                .containsExactlyInAnyOrderElementsOf(LocalSwarm.shared().nodes().stream()
                        .map(LocalSwarm.Node::name)
                        .toList());
        assertThat(rows).allSatisfy(row -> assertThat(row.getText()).contains("ready"));
        assertThat(rows.stream().filter(row -> row.getText().contains("manager")))
                .hasSize(1);
        assertAccessible("the cluster page with the swarm's nodes");
        screenshot("admin-cluster-swarm");

        tap(find("admin-nav-containers"));
        WebElement row = until(d -> d.findElements(testid("admin-containers-row")).stream()
                .filter(r -> started.equals(r.getDomAttribute("data-key")))
                .findFirst()
                .orElse(null));
        String shown = until(d -> row.findElement(testid("container-node")).getText());
        assertThat(shown).isEqualTo("on " + node);
        assertAccessible("all containers with their nodes");
    }

    /** What the test left on the swarm: services first, then the users' overlays they were on. */
    @AfterEach
    void removeTestServices() {
        LocalSwarm.shared().removeLabelled(TEST_LABEL, RUN_ID);
    }
}
