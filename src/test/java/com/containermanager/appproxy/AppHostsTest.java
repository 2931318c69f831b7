package com.containermanager.appproxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AppHostsTest {

    private static final String ID = "3f2a9c1d4e5b" + "0".repeat(52);
    private final AppHosts hosts = new AppHosts("localhost");

    @Test
    void shouldNameAnAppByPortWordsAndIdPrefix() {
        assertThat(hosts.host(8000, ID, "web", "alice")).isEqualTo("8000-web-alice-3f2a9c1d4e5b.localhost");
        assertThat(hosts.parse("8000-web-alice-3f2a9c1d4e5b.localhost"))
                .isEqualTo(new AppHosts.Named(8000, "3f2a9c1d4e5b"));
        assertThat(hosts.parse("8000-WEB-alice-3F2A9C1D4E5B.LocalHost"))
                .isEqualTo(new AppHosts.Named(8000, "3f2a9c1d4e5b"));
    }

    @Test
    void shouldFoldWhatALabelMayNotHoldAndStayWithinSixtyThreeCharacters() {
        String label = AppHosts.label(65535, ID, "my_notebook--" + "x".repeat(60), "Bob.Smith");
        assertThat(label).hasSizeLessThanOrEqualTo(63).matches("65535-my-notebook-x+-3f2a9c1d4e5b");
        assertThat(AppHosts.label(80, ID, "web", "Bob.Smith_2")).isEqualTo("80-web-bob-smith-2-3f2a9c1d4e5b");
        assertThat(hosts.parse(label + ".localhost")).isEqualTo(new AppHosts.Named(65535, "3f2a9c1d4e5b"));
    }

    @Test
    void shouldReadBackTheSameAppWhateverTheWordsHold() {
        // "web" of user "a-b" and "web-a" of user "b" fold to the same words; the id prefix tells them apart.
        String one = AppHosts.label(8000, "aaaaaaaaaaaa" + "0".repeat(52), "web", "a-b");
        String two = AppHosts.label(8000, "bbbbbbbbbbbb" + "0".repeat(52), "web-a", "b");
        assertThat(one).isNotEqualTo(two);
        assertThat(hosts.parse(one + ".localhost").idPrefix()).isEqualTo("aaaaaaaaaaaa");
        assertThat(hosts.parse(two + ".localhost").idPrefix()).isEqualTo("bbbbbbbbbbbb");
    }

    @Test
    void shouldRefuseAnythingElse() {
        assertThat(hosts.parse("localhost")).isNull();
        assertThat(hosts.parse("8000-web-alice-3f2a9c1d4e5b.example.com")).isNull();
        assertThat(hosts.parse("a.8000-web-alice-3f2a9c1d4e5b.localhost")).isNull();
        assertThat(hosts.parse("70000-web-3f2a9c1d4e5b.localhost")).isNull();
        assertThat(hosts.parse("0800-web-3f2a9c1d4e5b.localhost")).isNull();
        assertThat(hosts.parse("8000-web-3f2a9c1d4e5.localhost")).isNull();
        assertThat(hosts.isAppHost("localhost")).isFalse();
        assertThat(hosts.isAppHost("x.localhost")).isTrue();
    }
}
