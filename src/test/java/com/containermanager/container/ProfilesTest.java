package com.containermanager.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.containermanager.group.Groups;
import com.containermanager.group.Membership;
import com.containermanager.platform.StartupRefusal;
import com.containermanager.runtime.ContainerSize;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.ForbiddenException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.util.unit.DataSize;

class ProfilesTest {

    private static final DockerSettings DOCKER = new DockerSettings(
            "unix:///var/run/docker.sock",
            Map.of(),
            DataSize.ofGigabytes(1),
            1024,
            "",
            Duration.ofMinutes(10),
            1,
            true,
            DataSize.ofMegabytes(10),
            3,
            false,
            null);

    private static final NetworkSettings NETWORKS = new NetworkSettings("none", "10.213.0.0/16", 26);

    private final Groups groups = mock(Groups.class);

    @Test
    void shouldOfferSmallOfTheContainersSizesWhenNoneIsConfigured() {
        Profiles profiles = new Profiles(new ProfileSettings(Map.of(), "small"), DOCKER, groups, NETWORKS);

        assertThat(profiles.defaultName()).isEqualTo("small");
        Profiles.Profile small = profiles.forCreation(1, null, "anything/at-all:1");
        assertThat(small.size())
                .isEqualTo(new ContainerSize(1, DataSize.ofGigabytes(1).toBytes(), 1024, 0, true));
    }

    @Test
    void shouldTakeTheContainersSettingForAFieldLeftOut() {
        Profiles profiles = new Profiles(settings(profile(List.of(), 2.0, null, List.of())), DOCKER, groups, NETWORKS);

        ContainerSize size = profiles.forCreation(1, "p", "alpine").size();

        assertThat(size.cpus()).isEqualTo(2.0);
        assertThat(size.memoryBytes()).isEqualTo(DataSize.ofGigabytes(1).toBytes());
        assertThat(size.readOnly()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
        "python:*, python:3.12, true",
        "python:*, docker.io/library/python:3.12, true",
        "docker.io/library/python:*, python:3.12, true",
        "docker.io/jupyter/*, jupyter/base-notebook, true",
        "python:*, pythonista:1, false",
        "python:*, evil.example/python:3.12, false",
        "registry.local:5000/team/*, registry.local:5000/team/app:1, true"
    })
    void shouldMatchImagesAsWrittenAndAsTheEngineNamesThem(String pattern, String image, boolean allowed) {
        Profiles profiles =
                new Profiles(settings(profile(List.of(pattern), null, null, List.of())), DOCKER, groups, NETWORKS);

        if (allowed) {
            assertThat(profiles.forCreation(1, "p", image).name()).isEqualTo("p");
        } else {
            assertThatThrownBy(() -> profiles.forCreation(1, "p", image))
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessage("image not allowed in profile p");
        }
    }

    @Test
    void shouldOfferAGroupsProfileToItsMembersOnly() {
        Profiles profiles =
                new Profiles(settings(profile(List.of(), null, null, List.of("research"))), DOCKER, groups, NETWORKS);
        when(groups.groupsOf(7))
                .thenReturn(List.of(new Membership(1, "research", 7, Membership.Source.ADMIN, Instant.EPOCH)));

        assertThat(profiles.usableBy(7)).extracting(Profiles.Profile::name).containsExactly("p");
        assertThat(profiles.usableBy(8)).isEmpty();
        assertThatThrownBy(() -> profiles.forCreation(8, "p", "alpine"))
                .isInstanceOf(BadRequestException.class)
                .hasMessage("profile not found: p");
    }

    @Test
    void shouldRefuseToStartWithADefaultThatIsNoProfile() {
        assertThatThrownBy(() -> new Profiles(
                        new ProfileSettings(Map.of("p", profile(List.of(), null, null, List.of())), "small"),
                        DOCKER,
                        groups,
                        NETWORKS))
                .isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("containers.default_profile");
    }

    @Test
    void shouldTakeTheProfilesEgressElseTheGlobalOne() {
        ProfileSettings.Profile open = new ProfileSettings.Profile(
                List.of(), null, null, null, 0, null, List.of(), "allowed", null, null, null, null, null);
        ProfileSettings settings =
                new ProfileSettings(Map.of("open", open, "p", profile(List.of(), null, null, List.of())), "p");

        Profiles profiles = new Profiles(settings, DOCKER, groups, NETWORKS);

        assertThat(profiles.egressOf("open")).isTrue();
        assertThat(profiles.egressOf("p")).isFalse();
        assertThat(profiles.egressOf(null)).isFalse();
        assertThat(new Profiles(settings, DOCKER, groups, new NetworkSettings("allowed", "10.213.0.0/16", 26))
                        .egressOf("p"))
                .isTrue();
    }

    @Test
    void shouldRefuseToStartWithAnEgressThatIsNeitherAllowedNorNone() {
        ProfileSettings.Profile odd = new ProfileSettings.Profile(
                List.of(), null, null, null, 0, null, List.of(), "some", null, null, null, null, null);

        assertThatThrownBy(() -> new Profiles(new ProfileSettings(Map.of("p", odd), "p"), DOCKER, groups, NETWORKS))
                .isInstanceOf(StartupRefusal.class)
                .hasMessage("containers.profiles.p.egress must be allowed or none, not \"some\"");
    }

    @Test
    void shouldTakeEachLifecycleValueFromTheProfileElseTheGlobalPolicy() {
        ProfileSettings.Profile quick = new ProfileSettings.Profile(
                List.of(),
                null,
                null,
                null,
                0,
                null,
                List.of(),
                null,
                Duration.ofMinutes(5),
                null,
                null,
                Duration.ZERO,
                null);
        ProfileSettings settings =
                new ProfileSettings(Map.of("quick", quick, "p", profile(List.of(), null, null, List.of())), "p");
        LifecyclePolicy global = new LifecyclePolicy(
                Duration.ofHours(2), Duration.ofHours(8), Duration.ofDays(30), Duration.ofMinutes(10));

        LifecyclePolicies policies = new Profiles(settings, DOCKER, groups, NETWORKS).policies(global);

        assertThat(policies.of("quick"))
                .isEqualTo(new LifecyclePolicy(
                        Duration.ofMinutes(5), Duration.ofHours(8), Duration.ofDays(30), Duration.ZERO));
        assertThat(policies.of("p")).isEqualTo(global);
        assertThat(policies.of(null)).isEqualTo(global);
        assertThat(policies.of("gone")).isEqualTo(global);
    }

    @Test
    void shouldTakeTheBusyCpuThresholdFromTheProfileElseTheGlobalOne() {
        ProfileSettings.Profile busy = new ProfileSettings.Profile(
                List.of(), null, null, null, 0, null, List.of(), null, null, null, null, null, 20.0);
        ProfileSettings.Profile off = new ProfileSettings.Profile(
                List.of(), null, null, null, 0, null, List.of(), null, null, null, null, null, 0.0);
        ProfileSettings settings = new ProfileSettings(
                Map.of("busy", busy, "off", off, "p", profile(List.of(), null, null, List.of())), "p");

        Profiles profiles = new Profiles(settings, DOCKER, groups, NETWORKS);

        assertThat(profiles.busyCpuPercentOf("busy", 50)).isEqualTo(20);
        assertThat(profiles.busyCpuPercentOf("off", 50))
                .as("0 turns it off for the profile")
                .isZero();
        assertThat(profiles.busyCpuPercentOf("p", 50))
                .as("unset: the global one")
                .isEqualTo(50);
        assertThat(profiles.busyCpuPercentOf(null, 50)).isEqualTo(50);
        assertThat(profiles.busyCpuPercentOf("gone", 0)).isZero();
    }

    private static ProfileSettings settings(ProfileSettings.Profile profile) {
        return new ProfileSettings(Map.of("p", profile), "p");
    }

    private static ProfileSettings.Profile profile(
            List<String> images, Double cpus, DataSize memory, List<String> groupNames) {
        return new ProfileSettings.Profile(
                images, cpus, memory, null, 0, null, groupNames, null, null, null, null, null, null);
    }
}
