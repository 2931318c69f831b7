package com.containermanager.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FileNamesTest {

    static Stream<Arguments> storedNames() {
        return Stream.of(
                Arguments.of("notes.txt", "notes.txt"),
                Arguments.of("a b (1).tar.gz", "a b (1).tar.gz"),
                Arguments.of("résumé 名前.pdf", "résumé 名前.pdf"),
                Arguments.of("x.", "x."),
                Arguments.of("../x", "x"),
                Arguments.of("../../x", "x"),
                Arguments.of("/etc/x", "x"),
                Arguments.of("..\\x", "x"),
                Arguments.of("C:\\Users\\me\\x", "x"),
                Arguments.of("a/../../x", "x"),
                Arguments.of("a\\..\\..\\x", "x"),
                Arguments.of("a/b\\c/x", "x"),
                Arguments.of("é".repeat(127) + "x", "é".repeat(127) + "x"),
                Arguments.of("n".repeat(255), "n".repeat(255)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storedNames")
    void shouldStoreTheLastSegmentOfTheClientsName(String clientName, String stored) {
        assertThat(FileNames.fromUpload(clientName)).isEqualTo(stored);
    }

    /** Also sent over HTTP, raw, by FileIT: the same table must give the same answers end to end. */
    static Stream<Arguments> refusedNames() {
        return Stream.of(
                Arguments.of("", "file name is empty"),
                Arguments.of("dir/", "file name is empty"),
                Arguments.of("dir\\", "file name is empty"),
                Arguments.of(".", "file name must not be . or .."),
                Arguments.of("..", "file name must not be . or .."),
                Arguments.of("a/..", "file name must not be . or .."),
                Arguments.of("../..", "file name must not be . or .."),
                Arguments.of("..\\..", "file name must not be . or .."),
                Arguments.of(".hidden", "file name must not start with a dot"),
                Arguments.of("../.bashrc", "file name must not start with a dot"),
                Arguments.of(".upload-1234", "file name must not start with a dot"),
                Arguments.of("..x", "file name must not start with a dot"),
                Arguments.of("nul\u0000byte", "file name must not contain control characters"),
                Arguments.of("trailing-nul\u0000", "file name must not contain control characters"),
                Arguments.of("new\nline", "file name must not contain control characters"),
                Arguments.of("trailing-newline\n", "file name must not contain control characters"),
                Arguments.of("\nleading-newline", "file name must not contain control characters"),
                Arguments.of("carriage\rreturn", "file name must not contain control characters"),
                Arguments.of("tab\there", "file name must not contain control characters"),
                Arguments.of("delete\u007f", "file name must not contain control characters"),
                Arguments.of("c1-control\u009b", "file name must not contain control characters"),
                Arguments.of("a;b.txt", "file name must not contain ';'"),
                Arguments.of("report;jsessionid=1", "file name must not contain ';'"),
                Arguments.of("100%.txt", "file name must not contain '%'"),
                Arguments.of("x%2e%2e", "file name must not contain '%'"),
                Arguments.of("n".repeat(256), "file name is longer than 255 bytes"),
                Arguments.of("é".repeat(128), "file name is longer than 255 bytes"));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("refusedNames")
    void shouldRefuseNamesThatCouldMeanSomethingElse(String clientName, String message) {
        assertThatThrownBy(() -> FileNames.fromUpload(clientName))
                .isInstanceOf(InvalidFileNameException.class)
                .hasMessage(message);
    }

    @Test
    void shouldRefuseAMissingName() {
        assertThatThrownBy(() -> FileNames.fromUpload(null))
                .isInstanceOf(InvalidFileNameException.class)
                .hasMessage("file name is empty");
    }

    @Test
    void shouldNeverAcceptSeparatorsInAStoredName() {
        assertThat(FileNames.isValid("a/b")).isFalse();
        assertThat(FileNames.isValid("a\\b")).isFalse();
        assertThat(FileNames.isValid("ab")).isTrue();
        assertThatThrownBy(() -> FileNames.check("../x")).isInstanceOf(InvalidFileNameException.class);
    }
}
