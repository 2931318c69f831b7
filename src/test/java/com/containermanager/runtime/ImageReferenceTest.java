package com.containermanager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Alpine                 | invalid image reference: the repository name must be lower case",
                "team/App:1             | invalid image reference: the repository name must be lower case",
                "INTRANET/X             | invalid image reference: the repository name must be lower case",
                "ghcr.io/Owner/app      | invalid image reference: the repository name must be lower case",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
                        + " | invalid image reference: a 64-character hexadecimal name is an image ID",
                "a b                    | invalid image reference",
                "reg..example.com/app   | invalid image reference",
                "-reg.example.com/app   | invalid image reference",
            })
    void shouldSayWhyDockerWouldRefuseAReference(String reference, String problem) {
        assertThat(ImageReference.problem(reference)).isEqualTo(problem);
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOCALHOST/x", "INTRANET/x", "Team/app", "alpine:Latest", "Reg.Example.com:5000/a/b"})
    void shouldAcceptWhatDockerTakesWithUpperCaseInTheHostOrTag(String reference) {
        assertThat(ImageReference.problem(reference)).isNull();
    }

    @Test
    void shouldImplyLatestWhenNoTagIsGiven() {
        assertThat(ImageReference.parse("alpine").canonical()).isEqualTo("alpine:latest");
        assertThat(ImageReference.parse("localhost:5000/app").tag()).isEqualTo("latest");
        assertThat(ImageReference.parse("localhost:5000/app").repository()).isEqualTo("localhost:5000/app");
        assertThat(ImageReference.parse("localhost:5000/app:1").tag()).isEqualTo("1");
    }
}
