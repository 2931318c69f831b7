package com.containermanager.container;

import com.containermanager.group.Groups;
import com.containermanager.group.Membership;
import com.containermanager.platform.StartupRefusal;
import com.containermanager.runtime.ContainerSize;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.ImageReference;
import com.containermanager.web.BadRequestException;
import com.containermanager.web.ForbiddenException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The profiles the operator offers (ProfileSettings), each resolved against the containers.* settings, one of them
 * the default: what a user may pick at creation, which images it runs, and the size it gives the container.
 */
@Component
public class Profiles {

    /** The profile of a configuration that names none. */
    public static final String SMALL = "small";

    private static final String ALLOWED = "allowed";

    private final Map<String, Profile> byName;
    private final String defaultName;
    private final Groups groups;

    private final boolean defaultEgress;

    Profiles(ProfileSettings settings, DockerSettings docker, Groups groups, NetworkSettings networks) {
        this.groups = groups;
        this.defaultEgress = egress("containers.egress", networks.egress());
        Map<String, Profile> profiles = new LinkedHashMap<>();
        if (settings.profiles().isEmpty()) {
            profiles.put(
                    SMALL,
                    new Profile(SMALL, List.of(), List.of(), docker.defaultSize(), null, null, null, null, null, null));
        }
        settings.profiles().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> profiles.put(entry.getKey(), resolve(entry.getKey(), entry.getValue(), docker)));
        this.byName = Map.copyOf(profiles);
        this.defaultName = settings.profiles().isEmpty() ? SMALL : settings.defaultProfile();
        if (!byName.containsKey(defaultName)) {
            throw new StartupRefusal("containers.default_profile names \"" + defaultName
                    + "\", which is not one of containers.profiles (" + String.join(", ", byName.keySet()) + ")");
        }
    }

    private static Profile resolve(String name, ProfileSettings.Profile settings, DockerSettings docker) {
        if (!ContainerName.isValid(name)) {
            throw new StartupRefusal("containers.profiles." + name + ": a profile's " + ContainerName.RULE);
        }
        if (settings.egress() != null) {
            egress("containers.profiles." + name + ".egress", settings.egress());
        }
        ContainerSize base = docker.defaultSize();
        ContainerSize size = new ContainerSize(
                settings.cpus() == null ? base.cpus() : settings.cpus(),
                settings.memory() == null
                        ? base.memoryBytes()
                        : settings.memory().toBytes(),
                settings.pids() == null ? base.pidsLimit() : settings.pids(),
                settings.gpus(),
                settings.readOnly() == null ? base.readOnly() : settings.readOnly());
        return new Profile(
                name,
                List.copyOf(settings.images()),
                List.copyOf(settings.groups()),
                size,
                settings.egress(),
                settings.idleStopAfter(),
                settings.maxLifetime(),
                settings.deleteAfterStopped(),
                settings.warnBefore(),
                settings.busyCpuPercent());
    }

    public String defaultName() {
        return defaultName;
    }

    /** The profiles this user may use, by name. */
    public List<Profile> usableBy(long userId) {
        Set<String> theirs = groupsOf(userId);
        return byName.values().stream()
                .filter(profile -> profile.openTo(theirs))
                .sorted(java.util.Comparator.comparing(Profile::name))
                .toList();
    }

    /**
     * The profile of this name (the default when null) for this user and image: 400 for a profile that does not
     * exist or is not theirs (alike), 403 {@code image not allowed in profile <name>}.
     */
    public Profile forCreation(long userId, @Nullable String name, String image) {
        String wanted = name == null ? defaultName : name;
        Profile profile = byName.get(wanted);
        if (profile == null || !profile.openTo(groupsOf(userId))) {
            throw new BadRequestException("profile not found: " + wanted);
        }
        if (!profile.allows(image)) {
            throw new ForbiddenException("image not allowed in profile " + profile.name());
        }
        return profile;
    }

    /**
     * Whether containers of this profile (by name; the default's when null or gone) reach outside the host: the
     * profile's egress, else containers.egress.
     */
    public boolean egressOf(@Nullable String name) {
        Profile profile = name == null ? null : byName.get(name);
        String egress = (profile == null ? byName.get(defaultName) : profile).egress();
        return egress == null ? defaultEgress : egress.equals(ALLOWED);
    }

    private static boolean egress(String key, String value) {
        if (!value.equals(ALLOWED) && !value.equals("none")) {
            throw new StartupRefusal(key + " must be allowed or none, not \"" + value + "\"");
        }
        return value.equals(ALLOWED);
    }

    /** The size of a profile by name, for containers created before profiles: the default's. */
    public ContainerSize sizeOf(@Nullable String name) {
        Profile profile = name == null ? null : byName.get(name);
        return (profile == null ? byName.get(defaultName) : profile).size();
    }

    /** Every profile's lifecycle policy, resolved against the global one. */
    LifecyclePolicies policies(LifecyclePolicy global) {
        Map<String, LifecyclePolicy> policies = new LinkedHashMap<>();
        byName.forEach((name, profile) -> policies.put(name, profile.policy(global)));
        return new LifecyclePolicies(global, policies);
    }

    /**
     * The busy CPU threshold of containers of this profile; like the lifecycle policy, the global one when the profile
     * is null or gone. 0: off.
     */
    double busyCpuPercentOf(@Nullable String name, double global) {
        Profile profile = name == null ? null : byName.get(name);
        return profile == null ? global : profile.busyCpuPercent(global);
    }

    private Set<String> groupsOf(long userId) {
        if (byName.values().stream().allMatch(profile -> profile.groups().isEmpty())) {
            return Set.of();
        }
        return groups.groupsOf(userId).stream().map(Membership::groupName).collect(Collectors.toSet());
    }

    /** A profile resolved: every size known. */
    public record Profile(
            String name,
            List<String> images,
            List<String> groups,
            ContainerSize size,
            @Nullable String egress,
            @Nullable Duration idleStopAfter,
            @Nullable Duration maxLifetime,
            @Nullable Duration deleteAfterStopped,
            @Nullable Duration warnBefore,
            @Nullable Double busyCpuPercent) {

        /** The CPU use (percent of one CPU) at or above which an idle stop is put off: its own, else the global; 0 off. */
        public double busyCpuPercent(double global) {
            return busyCpuPercent == null ? global : busyCpuPercent;
        }

        /** Its lifecycle policy: each value it sets, else the global one's. */
        public LifecyclePolicy policy(LifecyclePolicy global) {
            return new LifecyclePolicy(
                    idleStopAfter == null ? global.idleStopAfter() : idleStopAfter,
                    maxLifetime == null ? global.maxLifetime() : maxLifetime,
                    deleteAfterStopped == null ? global.deleteAfterStopped() : deleteAfterStopped,
                    warnBefore == null ? global.warnBefore() : warnBefore);
        }

        boolean openTo(Set<String> userGroups) {
            return groups.isEmpty() || groups.stream().anyMatch(userGroups::contains);
        }

        /** An image matches a pattern as written or as the engine names it (docker.io/library/alpine:latest). */
        boolean allows(String image) {
            if (images.isEmpty()) {
                return true;
            }
            ImageReference reference = ImageReference.parse(image);
            List<String> forms = new java.util.ArrayList<>(List.of(image, reference.canonical()));
            if (reference.registry().equals(ImageReference.DOCKER_HUB)) {
                // Docker Hub's names: python:3.12 is docker.io/library/python:3.12, and the other way round.
                String repository = reference.repository();
                int slash = repository.indexOf('/');
                boolean hosted = slash > 0 && repository.substring(0, slash).contains(".");
                String path = hosted ? repository.substring(slash + 1) : repository;
                String tail =
                        reference.canonical().substring(reference.repository().length());
                String shortName = path.startsWith("library/") ? path.substring("library/".length()) : path;
                String fullName = shortName.contains("/") ? shortName : "library/" + shortName;
                forms.add(shortName + tail);
                forms.add(ImageReference.DOCKER_HUB + "/" + fullName + tail);
            }
            return images.stream()
                    .map(Profiles::glob)
                    .anyMatch(pattern -> forms.stream()
                            .anyMatch(form -> pattern.matcher(form).matches()));
        }
    }

    private static Pattern glob(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (String part : pattern.split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
