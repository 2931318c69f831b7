package com.containermanager.appproxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class CrossSiteTest {

    private static MockHttpServletRequest request(String method, String... headers) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, "/x");
        request.addHeader("Host", "8000-web-a-0123456789ab.localhost:8080");
        for (int i = 0; i < headers.length; i += 2) {
            request.addHeader(headers[i], headers[i + 1]);
        }
        return request;
    }

    @Test
    void navigationsAndOwnRequestsPassOtherSitesSubrequestsAreRefused() {
        assertThat(AppProxyFilter.crossSite(request("GET"))).isFalse();
        assertThat(AppProxyFilter.crossSite(request("GET", "Sec-Fetch-Site", "none", "Sec-Fetch-Mode", "navigate")))
                .isFalse();
        assertThat(AppProxyFilter.crossSite(
                        request("GET", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate")))
                .isFalse();
        assertThat(AppProxyFilter.crossSite(
                        request("POST", "Sec-Fetch-Site", "cross-site", "Sec-Fetch-Mode", "navigate")))
                .isTrue();
        assertThat(AppProxyFilter.crossSite(
                        request("GET", "Sec-Fetch-Site", "same-site", "Sec-Fetch-Mode", "websocket")))
                .isTrue();
        assertThat(AppProxyFilter.crossSite(
                        request("GET", "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "websocket")))
                .isFalse();
        assertThat(AppProxyFilter.crossSite(
                        request("POST", "Origin", "https://8000-web-a-0123456789ab.localhost:8080")))
                .isFalse();
        assertThat(AppProxyFilter.crossSite(request("POST", "Origin", "http://evil.example:8080")))
                .isTrue();
        assertThat(AppProxyFilter.crossSite(request("POST", "Origin", "null"))).isTrue();
    }
}
