package com.containermanager.appproxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ProfileBodyLimitsTest {

    @Test
    void aProfilesOwnLimitWinsOthersAndRowsWithoutAProfileTakeTheirs() {
        ProfileBodyLimits limits = new ProfileBodyLimits(Map.of("notebook", DataSize.ofGigabytes(5)));
        DataSize global = DataSize.ofMegabytes(1);
        assertThat(limits.of("notebook", "small", global))
                .isEqualTo(DataSize.ofGigabytes(5).toBytes());
        assertThat(limits.of("small", "small", global)).isEqualTo(global.toBytes());
        assertThat(limits.of(null, "notebook", global))
                .isEqualTo(DataSize.ofGigabytes(5).toBytes());
    }
}
