package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The address arithmetic of the relays: a user network's subnet, and the blocks the relay network may take. */
class RelaysTest {

    @Test
    void shouldTellTheUsersSubnetFromAContainersAddressAndPrefix() {
        assertThat(Relays.subnetOf("10.213.0.70", 26)).isEqualTo("10.213.0.64/26");
        assertThat(Relays.subnetOf("10.213.255.254", 24)).isEqualTo("10.213.255.0/24");
    }

    @Test
    void shouldTellWhetherTwoBlocksOverlap() {
        Relays.Ipv4Block relay = Relays.Ipv4Block.parse("10.212.0.0/24");
        assertThat(relay.overlaps(Relays.Ipv4Block.parse("10.212.0.128/25"))).isTrue();
        assertThat(relay.overlaps(Relays.Ipv4Block.parse("10.212.0.0/16"))).isTrue();
        assertThat(relay.overlaps(Relays.Ipv4Block.parse("10.212.1.0/24"))).isFalse();
        assertThat(relay.overlaps(Relays.Ipv4Block.parse("10.213.0.0/16"))).isFalse();
        assertThat(Relays.Ipv4Block.parse("10.212.7.9/16").toString()).isEqualTo("10.212.0.0/16");
        assertThat(Relays.Ipv4Block.parse("10.212.0.0/16").last() - relay.first())
                .isEqualTo(65_535);
    }
}
