package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.EngineUnavailableException;
import com.containermanager.web.ApiException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

/** An outcome crosses instances as text; a joined request on another instance gets what the holder's request got. */
class OperationOutcomeTest {

    @Test
    void shouldReplayEachKnownFailureAsTheSameKindOfException() {
        assertThat(replayed(new ContainerNotFoundException())).isInstanceOf(ContainerNotFoundException.class);
        assertThat(replayed(new EngineUnavailableException(new java.io.IOException("down"))))
                .isInstanceOf(EngineUnavailableException.class);
        assertThat(replayed(new EngineRefusedException("no such command\tin image", new RuntimeException())))
                .isInstanceOf(EngineRefusedException.class)
                .hasMessage("no such command in image");
        RuntimeException api = replayed(new ApiException(HttpStatus.GONE, "gone away") {});
        assertThat(api).isInstanceOf(ApiException.class).hasMessage("gone away");
        assertThat(((ApiException) api).status()).isEqualTo(HttpStatus.GONE);
    }

    @Test
    void shouldKeepUnexpectedFailuresOpaque() {
        RuntimeException replayed = replayed(new IllegalStateException("SELECT * FROM secrets failed at 10.0.0.5"));

        assertThat(replayed).isInstanceOf(IllegalStateException.class).hasMessageNotContaining("SELECT");
    }

    @Test
    void shouldReplaySuccessAndTreatGarbageAsFailure() {
        assertThatNoException()
                .isThrownBy(() ->
                        OperationOutcome.decode(OperationOutcome.OK.encode()).replay());
        assertThatThrownBy(() -> OperationOutcome.decode("NONSENSE").replay())
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> OperationOutcome.decode(null).replay()).isInstanceOf(IllegalStateException.class);
    }

    private static RuntimeException replayed(RuntimeException original) {
        String wire = OperationOutcome.of(original).encode();
        try {
            OperationOutcome.decode(wire).replay();
        } catch (RuntimeException e) {
            return e;
        }
        throw new AssertionError("no failure replayed for " + wire);
    }
}
