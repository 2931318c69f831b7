package com.containermanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AdvisoryLockSlotStoreTest {

    /** The kinds in use must not share lock keys, or one kind's streams would count against another's. */
    @Test
    void theKindsInUseHaveLockKeysOfTheirOwn() {
        List<String> kinds = List.of("log_follows", "stats_streams", "event_streams", "consoles");

        assertThat(kinds.stream().map(kind -> AdvisoryLockSlotStore.lockKey(kind, 0)))
                .doesNotHaveDuplicates();
        assertThat(AdvisoryLockSlotStore.lockKey("consoles", 1))
                .isEqualTo(AdvisoryLockSlotStore.lockKey("consoles", 0) + 1);
    }
}
