package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class LoopFileSystemsTest {

    @Test
    void shouldSumTheFreeColumnOfTheKernelsGroupTable() {
        List<String> mbGroups = List.of(
                "#group: free  frags first [ 2^0   2^1   2^2   2^3   2^4   2^5   2^6   2^7   2^8   2^9   2^10  2^11  2^12  2^13  ]",
                "#0    : 477   1     7715  [ 1     0     1     1     1     0     1     1     1     0     0     0     0     0     ]",
                "#1    : 2     1     258   [ 0     1     0     0     0     0     0     0     0     0     0     0     0     0     ]",
                "#2    : 0     0     8192  [ 0     0     0     0     0     0     0     0     0     0     0     0     0     0     ]",
                "");
        assertThat(LoopFileSystems.freeBlocks(mbGroups)).isEqualTo(479);
        assertThat(LoopFileSystems.freeBlocks(List.of())).isZero();
    }

    @Test
    void shouldTellNothingOfALoopDeviceThatNoFileSystemIsMountedFrom() {
        assertThat(LoopFileSystems.mountedFreeBlocks("/dev/loop-cm-test-none")).isEmpty();
    }

    @Test
    void shouldBeOnePerDirectoryInTheJvm() {
        assertThat(LoopFileSystems.of(Path.of("/tmp/cm-loops/../cm-loops")))
                .isSameAs(LoopFileSystems.of(Path.of("/tmp/cm-loops")));
    }
}
