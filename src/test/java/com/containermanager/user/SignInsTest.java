package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A provider's username made into one of ours. */
class SignInsTest {

    @Test
    void aProvidersNameIsMadeValid() {
        assertThat(SignIns.validName("ada")).isEqualTo("ada");
        assertThat(SignIns.validName("Zoë Müller")).isEqualTo("ZoeMuller");
        assertThat(SignIns.validName("ab")).isEqualTo("ab_");
        assertThat(SignIns.validName("ada@example.org")).isEqualTo("adaexample.org");
        assertThat(SignIns.validName("x".repeat(100))).hasSize(64);
        assertThat(SignIns.validName("")).isEqualTo("___");
    }
}
