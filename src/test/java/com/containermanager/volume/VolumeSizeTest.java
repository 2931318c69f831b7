package com.containermanager.volume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.containermanager.web.BadRequestException;
import org.junit.jupiter.api.Test;

class VolumeSizeTest {

    @Test
    void shouldReadBinaryUnitsAndBytesRoundedUpToBlocks() {
        assertThat(VolumeSize.parse("1GiB")).isEqualTo(1L << 30);
        assertThat(VolumeSize.parse("1GB")).isEqualTo(1L << 30);
        assertThat(VolumeSize.parse(" 512 mib ")).isEqualTo(512L << 20);
        assertThat(VolumeSize.parse("1.5GiB")).isEqualTo(3L << 29);
        assertThat(VolumeSize.parse("16777216")).isEqualTo(16L << 20);
        assertThat(VolumeSize.parse("1")).isEqualTo(VolumeSize.BLOCK);
        assertThat(VolumeSize.parse("4097B")).isEqualTo(2 * VolumeSize.BLOCK);
    }

    @Test
    void shouldRefuseAnythingElse() {
        for (String text : new String[] {"", "lots", "-5", "1 GiBs", "1e9", "1,5GiB", "99999999999999999TiB"}) {
            assertThatThrownBy(() -> VolumeSize.parse(text))
                    .as(text)
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageStartingWith("size ");
        }
    }
}
