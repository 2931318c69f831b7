package com.containermanager.container;

import com.containermanager.platform.StartupRefusal;
import com.containermanager.runtime.ContainerRuntime;
import com.containermanager.runtime.DockerSettings;
import com.containermanager.runtime.EngineRefusedException;
import com.containermanager.runtime.NetworkAttachment;
import com.containermanager.runtime.RelaySettings;
import com.containermanager.runtime.UserNetwork;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Each user's containers join a network of the user's own, one per egress mode (containers of profiles that differ
 * in egress meet on different networks), made on first use with a subnet from {@link NetworkAllocations} and known
 * there by the container's name. Not used when containers.network names a network (or {@code none}) for everybody.
 */
@Component
public class UserNetworks {

    private static final Logger log = LoggerFactory.getLogger(UserNetworks.class);
    private static final Pattern IPV4_RANGE = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/(\\d{1,2})");
    /**
     * After the first refusal every subnet the engine holds is skipped at once; a few more refusals can only come from
     * networks made meanwhile (another installation on this engine), and this many means something else is wrong.
     */
    private static final int MAX_REFUSED = 8;

    private final ContainerRuntime runtime;
    private final NetworkAllocations allocations;
    private final boolean perUser;
    private final TransactionTemplate transactions;

    UserNetworks(
            ContainerRuntime runtime,
            NetworkAllocations allocations,
            NetworkSettings settings,
            DockerSettings docker,
            RelaySettings relays,
            TransactionTemplate transactions) {
        this.runtime = runtime;
        this.transactions = transactions;
        this.allocations = allocations;
        this.perUser = docker.network() == null || docker.network().isBlank();
        var range = IPV4_RANGE.matcher(settings.range().strip());
        if (!range.matches() || Integer.parseInt(range.group(2)) > settings.prefix()) {
            throw new StartupRefusal("containers.network_range must be an IPv4 range such as 10.213.0.0/16 that holds"
                    + " at least one block of containers.network_prefix (" + settings.prefix() + "), not \""
                    + settings.range() + "\"");
        }
        if (UserNetwork.overlap(settings.range().strip(), relays.networkRange().strip())) {
            throw new StartupRefusal("proxy.relay_network_range (" + relays.networkRange()
                    + ") must not overlap containers.network_range (" + settings.range() + ")");
        }
    }

    /**
     * The user's network for this egress, made when missing, with the container's name as its alias there; null
     * when containers.network decides for everybody. Throws {@link EngineRefusedException} when no subnet is free.
     */
    public @Nullable NetworkAttachment attach(long userId, boolean egress, @Nullable String alias) {
        if (!perUser) {
            return null;
        }
        // Once recorded, the network is only made sure of, which needs no lock: the engine makes one network of a
        // name (a second creator's is refused as a duplicate and taken as made), so every creation but a user's first
        // saves a transaction and its lock (issue 26). A recorded block the engine refuses goes the locked way.
        Optional<String> recorded = allocations.recordedSubnetOf(userId, egress);
        if (recorded.isPresent()) {
            Optional<String> network = runtime.ensureNetwork(new UserNetwork(userId, egress, recorded.get()));
            if (network.isPresent()) {
                return new NetworkAttachment(network.get(), alias);
            }
        }
        // One creator of this user's network at a time, across instances (NetworkAllocations#lockNetworkOf).
        return transactions.execute(
                status -> attachLocked(userId, egress, alias, allocations.lockNetworkOf(userId, egress)));
    }

    /** {@code recorded}: the user's block, read with the lock; a refused one, or none, is handed out anew. */
    private NetworkAttachment attachLocked(
            long userId, boolean egress, @Nullable String alias, Optional<String> recorded) {
        Set<String> refused = new LinkedHashSet<>();
        for (int attempt = 0; attempt < MAX_REFUSED; attempt++) {
            String subnet = (attempt == 0 && recorded.isPresent()
                            ? recorded
                            : allocations.subnetOf(userId, egress, refused))
                    .orElseThrow(() -> new EngineRefusedException(
                            "no free subnet left in containers.network_range for the user's network", null));
            Optional<String> network = runtime.ensureNetwork(new UserNetwork(userId, egress, subnet));
            if (network.isPresent()) {
                return new NetworkAttachment(network.get(), alias);
            }
            log.warn("Another network on the engine holds addresses of {}; trying the next free subnet", subnet);
            if (refused.isEmpty()) {
                // Networks of other installations or of earlier runs on this engine: one list skips them all, where
                // trying block after block would cost an engine call each.
                refused.addAll(runtime.networkSubnets());
            }
            refused.add(subnet);
        }
        throw new EngineRefusedException(
                "the engine refused " + MAX_REFUSED + " free subnets of containers.network_range in a row for overlaps",
                null);
    }
}
