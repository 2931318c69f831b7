package com.containermanager.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeldRefusalsTest {

    @Test
    void shouldBoundEachUserAndTheInstance() {
        HeldRefusals held = new HeldRefusals(2, 3);

        assertThat(held.tryHold(1)).isTrue();
        assertThat(held.tryHold(1)).isTrue();
        assertThat(held.tryHold(1)).as("the user's bound").isFalse();
        assertThat(held.tryHold(2)).isTrue();
        assertThat(held.tryHold(3)).as("the instance's bound").isFalse();
        assertThat(held.held()).isEqualTo(3);

        held.release(1);
        assertThat(held.tryHold(3)).isTrue();
        held.release(1);
        held.release(2);
        held.release(3);
        assertThat(held.held()).isZero();
        assertThat(held.tryHold(1)).isTrue();
        assertThat(held.tryHold(1)).as("released places are the user's again").isTrue();
    }
}
