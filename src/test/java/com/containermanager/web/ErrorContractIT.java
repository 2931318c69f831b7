package com.containermanager.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.support.ApiClient;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.RawHttp;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every answer is the contract's JSON, also for requests that Tomcat refuses before Spring sees them. The odd
 * requests go out through a raw socket, byte for byte, since an HTTP client would refuse to send most of them.
 */
class ErrorContractIT extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static List<String> oddRequests() {
        String longHeader = "X-Long: " + "a".repeat(20_000) + "\r\n";
        return List.of(
                "GET /containers/..%2F..%2Fetc HTTP/1.1\r\nHost: x\r\n",
                "GET /containers/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\n",
                "GET /containers/%zz HTTP/1.1\r\nHost: x\r\n",
                "GET /containers/%00 HTTP/1.1\r\nHost: x\r\n",
                "GET /containers/..\\..\\etc HTTP/1.1\r\nHost: x\r\n",
                "GET /containers/%5C..%5Cetc HTTP/1.1\r\nHost: x\r\n",
                "GET /jobs HTTP/1.1\r\nHost: x\r\n" + longHeader,
                "GET /<script> HTTP/1.1\r\nHost: x\r\n",
                "GET /a b c HTTP/1.1\r\nHost: x\r\n",
                "G@T / HTTP/1.1\r\nHost: x\r\n",
                "GET / HTTP/9.9\r\nHost: x\r\n",
                "GET /jobs HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\n",
                "GET /jobs HTTP/1.1\r\n",
                "GET /files/a;b HTTP/1.1\r\nHost: x\r\n");
    }

    @ParameterizedTest
    @MethodSource("oddRequests")
    void shouldAnswerOddRequestsWithTheContractsJsonAndNoServerName(String head) {
        RawHttp.Answer answer = RawHttp.exchange(port, head + "Connection: close\r\n\r\n");

        assertThat(answer.status()).as(answer.toString()).isBetween(400, 599);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
        JsonNode body = JSON.readTree(answer.body());
        assertThat(body.propertyNames()).as(answer.toString()).containsExactly("error", "code");
        assertThat(body.get("error").asString()).isNotBlank();
        assertThat(body.get("code").asString()).matches("[a-z_]+");
        assertThat(answer.toString().toLowerCase())
                .doesNotContain("tomcat", "apache", "<html", "exception")
                .doesNotContain("\nserver:");
    }

    @Test
    void shouldAnswerAFarFutureBeforeWith400NotA500() {
        String token = api.newUser("far-future").token();

        ApiClient.Response response = api.get("/jobs?before=%2B300000-01-01T00:00:00Z", token);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.error()).isEqualTo("before must be a time between the years 0001 and 9999");
        ApiClient.Response audit = api.get("/audit?before=0", token);
        assertThat(audit.status()).as(audit.body()).isEqualTo(400);
        assertThat(audit.error()).isEqualTo("before must be an event id of 1 or more");
    }
}
