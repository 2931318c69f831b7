package com.containermanager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "alpine",
                "alpine:3.20",
                "library/alpine",
                "localhost:5000/team/app:v1.2",
                "ghcr.io/o/r@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            })
    void shouldAcceptValidReferences(String reference) {
        assertThat(ImageReference.isValid(reference)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Alpine", "alpine:", ":tag", "a b", "alpine;rm -rf /", "../etc", "alpine:tag:tag"})
    void shouldRejectInvalidReferences(String reference) {
        assertThat(ImageReference.isValid(reference)).isFalse();
    }

    @Test
    void shouldImplyLatestWhenNoTagIsGiven() {
        assertThat(ImageReference.parse("alpine").canonical()).isEqualTo("alpine:latest");
        assertThat(ImageReference.parse("localhost:5000/app").tag()).isEqualTo("latest");
        assertThat(ImageReference.parse("localhost:5000/app").repository()).isEqualTo("localhost:5000/app");
        assertThat(ImageReference.parse("localhost:5000/app:1").tag()).isEqualTo("1");
    }
}
