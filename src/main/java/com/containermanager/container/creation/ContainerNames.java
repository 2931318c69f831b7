package com.containermanager.container.creation;

import com.containermanager.container.NameTakenException;
import com.containermanager.container.ownership.OwnershipRepository;
import com.containermanager.job.JobService;
import java.util.List;
import java.util.random.RandomGenerator;
import org.springframework.stereotype.Component;

/**
 * A container's name among its owner's containers: taken by a container of theirs, or by a creation of theirs still
 * pending or running (its payload names it). Checked under the owner's lock, so two creations cannot both take one
 * name; the unique index on (owner, name) is the last guard.
 */
@Component
class ContainerNames {

    private static final List<String> ADJECTIVES = List.of(
            "amber", "brave", "calm", "clever", "cosy", "crisp", "daring", "eager", "fancy", "gentle", "glad", "happy",
            "jolly", "keen", "kind", "lively", "lucky", "mellow", "merry", "nimble", "patient", "proud", "quick",
            "quiet", "rapid", "shiny", "steady", "sunny", "swift", "tidy", "vivid", "witty");
    private static final List<String> NOUNS = List.of(
            "badger", "beacon", "cedar", "comet", "dolphin", "falcon", "fern", "harbor", "heron", "island", "lantern",
            "maple", "meadow", "nebula", "otter", "panda", "pebble", "pine", "planet", "quartz", "raven", "river",
            "robin", "sparrow", "spruce", "summit", "tiger", "tulip", "walrus", "willow", "yak", "zebra");
    private static final int TRIES = 20;

    private final OwnershipRepository ownership;
    private final JobService jobs;
    private final RandomGenerator random;

    ContainerNames(OwnershipRepository ownership, JobService jobs) {
        this.ownership = ownership;
        this.jobs = jobs;
        this.random = RandomGenerator.getDefault();
    }

    /** The requested name when free (409 otherwise), or a free generated one. Call under the owner's lock. */
    String claim(long ownerId, String requested) {
        if (taken(ownerId, requested)) {
            throw new NameTakenException();
        }
        return requested;
    }

    /** A free readable name (adjective-noun-NN); after a run of taken ones, a longer random one. */
    String generate(long ownerId) {
        for (int i = 0; i < TRIES; i++) {
            String name = readable();
            if (!taken(ownerId, name)) {
                return name;
            }
        }
        String name;
        do {
            name = readable() + "-" + Long.toString(random.nextLong(0, 36L * 36 * 36 * 36 * 36 * 36), 36);
        } while (taken(ownerId, name));
        return name;
    }

    String readable() {
        return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size())) + "-"
                + random.nextInt(10, 100);
    }

    /**
     * The unfinished creations first, then the containers: a creation that completes between the two reads has its
     * row visible to the second.
     */
    private boolean taken(long ownerId, String name) {
        return jobs.unfinishedWith(ownerId, ContainerCreationHandler.TYPE, "name", name)
                || ownership.nameTaken(ownerId, name);
    }
}
