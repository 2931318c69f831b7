package com.containermanager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UserNetworkTest {

    @Test
    void shouldTellOverlappingRangesFromAdjacentOnes() {
        assertThat(UserNetwork.overlap("10.213.0.0/26", "10.213.0.0/16")).isTrue();
        assertThat(UserNetwork.overlap("10.213.0.0/16", "10.213.0.64/26")).isTrue();
        assertThat(UserNetwork.overlap("10.213.0.0/26", "10.213.0.32/27")).isTrue();
        assertThat(UserNetwork.overlap("10.213.0.0/26", "10.213.0.64/26")).isFalse();
        assertThat(UserNetwork.overlap("10.212.0.0/16", "10.213.0.0/16")).isFalse();
        assertThat(UserNetwork.overlap("10.213.0.5/26", "10.213.0.60/30"))
                .as("host bits ignored")
                .isTrue();
    }
}
