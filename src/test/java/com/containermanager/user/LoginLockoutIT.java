package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import java.net.InetAddress;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The login throttle cannot be aimed at a victim: failures for a username from many addresses lock strangers out,
 * never the owner's own browser (login device cookie) or the address it logged in from; and failures of many users
 * behind one address (an office's NAT) slow, but do not refuse, a right password from that address.
 */
class LoginLockoutIT extends IntegrationTest {

    private static final int PAIR_FREE = 3;
    private static final int ADDRESS_FREE = 6;
    private static final int USERNAME_FREE = 8;

    @DynamicPropertySource
    static void throttle(DynamicPropertyRegistry registry) {
        registerRunProperties(registry, "login-lockout");
        registry.add("cm.auth.throttle.free-failures", () -> Integer.toString(PAIR_FREE));
        registry.add("cm.auth.throttle.address-free-failures", () -> Integer.toString(ADDRESS_FREE));
        registry.add("cm.auth.throttle.username-free-failures", () -> Integer.toString(USERNAME_FREE));
        registry.add("cm.auth.throttle.base-block", () -> "60s");
        registry.add("cm.auth.throttle.max-block", () -> "15m");
        registry.add("cm.auth.throttle.slow-delay", () -> "200ms");
        registry.add("cm.auth.throttle.max-concurrent-checks", () -> "100");
    }

    @Test
    void shouldNotLetFailuresFromEverywhereLockTheOwnerOut() throws Exception {
        ApiClient.Session victim = api.newUser("victim");
        ApiClient home = from("127.0.0.2");
        ApiClient.Response homeLogin = home.post("/users/login", right(victim), null);
        assertThat(homeLogin.status()).as(homeLogin.body()).isEqualTo(200);
        String deviceCookie = deviceCookieOf(homeLogin);

        // An attacker spreads failures over many addresses, past the username's ceiling.
        for (int i = 0; i < USERNAME_FREE + 4; i++) {
            from("127.0.1." + (i + 1)).post("/users/login", wrong(victim), null);
        }
        ApiClient.Response stranger = from("127.0.2.1").post("/users/login", right(victim), null);
        assertThat(stranger.status())
                .as("a stranger's right guess is refused past the ceiling: " + stranger.body())
                .isEqualTo(429);

        ApiClient.Response browser = from("127.0.3.1")
                .send(home.request("/users/login", null)
                        .header("Content-Type", "application/json")
                        .header("Cookie", deviceCookie)
                        .POST(HttpRequest.BodyPublishers.ofString(right(victim))));
        assertThat(browser.status())
                .as("the owner's browser, from a new address: " + browser.body())
                .isEqualTo(200);
        ApiClient.Response fromHome = home.post("/users/login", right(victim), null);
        assertThat(fromHome.status())
                .as("the owner's address, slowed not refused: " + fromHome.body())
                .isEqualTo(200);
    }

    @Test
    void shouldNotLetOneAddressesFailuresRefuseARightPasswordFromIt() throws Exception {
        ApiClient office = from("127.0.4.1");
        ApiClient.Session colleague = api.newUser("colleague");
        assertThat(office.post("/users/login", right(colleague), null).status())
                .as("someone logged in from the office before")
                .isEqualTo(200);
        for (int i = 0; i < ADDRESS_FREE + 2; i++) {
            office.post("/users/login", wrong("typo-" + i), null);
        }
        ApiClient.Session newcomer = api.newUser("newcomer");

        ApiClient.Response first = office.post("/users/login", wrong(newcomer), null);
        ApiClient.Response second = office.post("/users/login", wrong(newcomer), null);
        ApiClient.Response right = office.post("/users/login", right(newcomer), null);

        assertThat(first.status()).as(first.body()).isEqualTo(401);
        assertThat(second.status()).as(second.body()).isEqualTo(401);
        assertThat(right.status())
                .as("a right password from an address known for good logins: " + right.body())
                .isEqualTo(200);

        ApiClient stranger = from("127.0.5.1");
        for (int i = 0; i < ADDRESS_FREE + 2; i++) {
            stranger.post("/users/login", wrong("spray-" + i), null);
        }
        assertThat(stranger.post("/users/login", right(newcomer), null).status())
                .as("an address with nothing but failures stays refused")
                .isEqualTo(429);
    }

    private ApiClient from(String address) throws Exception {
        return new ApiClient(port, InetAddress.getByName(address));
    }

    private static String deviceCookieOf(ApiClient.Response login) {
        String header = login.header("Set-Cookie");
        assertThat(header).contains("cm_login_device=").contains("HttpOnly").contains("SameSite=Strict");
        return header.substring(0, header.indexOf(';'));
    }

    private static String right(ApiClient.Session user) {
        return ApiClient.json(Map.of("username", user.username(), "password", "correct-horse"));
    }

    private static String wrong(ApiClient.Session user) {
        return wrong(user.username());
    }

    private static String wrong(String username) {
        return ApiClient.json(Map.of("username", username, "password", "wrong-password"));
    }
}
