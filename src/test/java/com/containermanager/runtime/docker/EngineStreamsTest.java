package com.containermanager.runtime.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.containermanager.runtime.ContainerStats;
import com.containermanager.runtime.EngineEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EngineStreamsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void shouldComputeCpuAndMemoryAsDockerStatsDoes() {
        var sample = JSON.readTree("""
                {"read": "2026-11-28T12:00:01Z",
                 "cpu_stats": {"cpu_usage": {"total_usage": 300000000}, "system_cpu_usage": 4000000000, "online_cpus": 2},
                 "precpu_stats": {"cpu_usage": {"total_usage": 100000000}, "system_cpu_usage": 2000000000},
                 "memory_stats": {"usage": 10000, "limit": 1000000, "stats": {"total_inactive_file": 4000}},
                 "networks": {"eth0": {"rx_bytes": 10, "tx_bytes": 20}, "eth1": {"rx_bytes": 1, "tx_bytes": 2}},
                 "blkio_stats": {"io_service_bytes_recursive": [
                     {"op": "Read", "value": 100}, {"op": "Write", "value": 7}, {"op": "read", "value": 1}]},
                 "pids_stats": {"current": 3}}""");

        ContainerStats stats = EngineStreams.toStats(sample);

        // (200M / 2000M) * 2 CPUs * 100
        assertThat(stats.cpuPercent()).isEqualTo(20.0);
        assertThat(stats.memoryBytes()).isEqualTo(6000);
        assertThat(stats.memoryLimitBytes()).isEqualTo(1000000);
        assertThat(stats.networkRxBytes()).isEqualTo(11);
        assertThat(stats.networkTxBytes()).isEqualTo(22);
        assertThat(stats.blockReadBytes()).isEqualTo(101);
        assertThat(stats.blockWriteBytes()).isEqualTo(7);
        assertThat(stats.pids()).isEqualTo(3);
        assertThat(stats.sampled()).isTrue();
    }

    @Test
    void shouldReportAStoppedContainersEmptySampleAsZeros() {
        var sample = JSON.readTree("{\"read\": \"0001-01-01T00:00:00Z\", \"memory_stats\": {\"usage\": 5}}");

        ContainerStats stats = EngineStreams.toStats(sample);

        assertThat(stats.sampled()).isFalse();
        assertThat(stats.memoryBytes()).isZero();
    }

    @Test
    void shouldReadOwnerAndExitCodeFromAnEvent() {
        var event = JSON.readTree("""
                {"Type": "container", "Action": "die", "Actor": {"ID": "abc",
                 "Attributes": {"container-manager.owner": "7", "exitCode": "137"}}, "timeNano": 1700000000123456789}""");

        EngineEvent parsed = EngineStreams.toEvent(event);

        assertThat(parsed.containerId()).isEqualTo("abc");
        assertThat(parsed.action()).isEqualTo("die");
        assertThat(parsed.ownerId()).isEqualTo(7L);
        assertThat(parsed.exitCode()).isEqualTo(137L);
        assertThat(parsed.time().getNano()).isEqualTo(123456789);
    }

    @Test
    void shouldReportATaskContainersEventUnderThePortsIdItCarries() {
        String ours = "ab".repeat(32);
        var event = JSON.readTree("""
                {"Type": "container", "Action": "start", "Actor": {"ID": "c0ffee",
                 "Attributes": {"container-manager.id": "%s", "container-manager.owner": "7"}}, "time": 1700000000}""".formatted(ours));
        var notAnId = JSON.readTree("""
                {"Type": "container", "Action": "start", "Actor": {"ID": "c0ffee",
                 "Attributes": {"container-manager.id": "nope"}}, "time": 1700000000}""");

        assertThat(EngineStreams.toEvent(event).containerId()).isEqualTo(ours);
        assertThat(EngineStreams.toEvent(notAnId).containerId()).isEqualTo("c0ffee");
    }
}
