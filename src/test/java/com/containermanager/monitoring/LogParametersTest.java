package com.containermanager.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.web.BadRequestException;
import org.junit.jupiter.api.Test;

class LogParametersTest {

    @Test
    void shouldTurnRfc3339AndUnixSecondsIntoTheEnginesSeconds() {
        assertThat(LogParameters.unixSeconds("since", "2026-11-28T12:00:00.5Z")).isEqualTo("1795867200.500000000");
        assertThat(LogParameters.unixSeconds("since", "2026-11-28T13:00:00+01:00"))
                .isEqualTo("1795867200.000000000");
        assertThat(LogParameters.unixSeconds("since", "1795867200.25")).isEqualTo("1795867200.250000000");
        assertThat(LogParameters.unixSeconds("since", " ")).isNull();
    }

    @Test
    void shouldRefuseWhatIsNeitherWithoutComputingIt() {
        for (String bad : new String[] {"yesterday", "1e-999999999", "1e999999999", "-5", "99999999999999"}) {
            assertThatThrownBy(() -> LogParameters.unixSeconds("until", bad))
                    .as(bad)
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageStartingWith("invalid until");
        }
    }

    @Test
    void shouldBoundTheTail() {
        assertThatThrownBy(() -> LogParameters.toRequest(10_001, null, null, false, true, true, false))
                .hasMessage("tail must be between 0 and 10000");
        assertThatThrownBy(() -> LogParameters.toRequest(1, null, null, false, false, false, false))
                .hasMessage("stdout or stderr must be true");
        assertThat(LogParameters.toRequest(0, null, null, true, true, false, true)
                        .follow())
                .isTrue();
    }
}
