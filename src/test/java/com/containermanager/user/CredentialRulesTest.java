package com.containermanager.user;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.web.BadRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CredentialRulesTest {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "alice", "a.b_c-d", "Alice.Example-2"})
    void shouldAcceptValidUsernames(String username) {
        assertThatCode(() -> CredentialRules.checkUsername(username)).doesNotThrowAnyException();
    }

    @org.junit.jupiter.api.Test
    void shouldAcceptUpTo64CharactersButNotMore() {
        assertThatCode(() -> CredentialRules.checkUsername("a".repeat(64))).doesNotThrowAnyException();
        assertThatThrownBy(() -> CredentialRules.checkUsername("a".repeat(65))).isInstanceOf(BadRequestException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ab", "al ice", "alice'--", "a;drop table users", "ålice", "a/b", "名前名前"})
    void shouldRejectInvalidUsernames(String username) {
        assertThatThrownBy(() -> CredentialRules.checkUsername(username))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("username");
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 30, 72})
    void shouldAcceptPasswordsOf8To72Bytes(int length) {
        assertThatCode(() -> CredentialRules.checkPassword("p".repeat(length))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 7, 73, 200})
    void shouldRejectPasswordsOutside8To72Bytes(int length) {
        assertThatThrownBy(() -> CredentialRules.checkPassword("p".repeat(length)))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("password");
    }

    @org.junit.jupiter.api.Test
    void shouldCountPasswordBytesNotCharacters() {
        // 25 characters of 3 bytes each: 75 bytes, over bcrypt's limit although only 25 characters long.
        assertThatThrownBy(() -> CredentialRules.checkPassword("密".repeat(25))).isInstanceOf(BadRequestException.class);
    }
}
