package com.containermanager.container;

import java.util.Collection;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The subnet of each user's network, handed out of containers.network_range in blocks of containers.network_prefix
 * and recorded in PostgreSQL, so that every instance hands out each block once (under an advisory lock: the lowest
 * free block that overlaps no recorded one) and a user keeps theirs until deleted.
 */
@Repository
class NetworkAllocations {

    private static final int LOCK_CLASS = 0x4e455457; // "NETW"
    private static final int USER_LOCK_CLASS = 0x4e455455; // "NETU"

    private final JdbcClient jdbc;
    private final NetworkSettings settings;

    NetworkAllocations(JdbcClient jdbc, NetworkSettings settings) {
        this.jdbc = jdbc;
        this.settings = settings;
    }

    /**
     * The user's subnet for this egress: the recorded one, or the lowest free block, recorded now. A recorded one
     * the engine refused (another network on the engine holds those addresses) is given up for the next free block
     * that overlaps no refused subnet either (IPv4 CIDR, of any size). Empty when the range has no free block left.
     */
    @Transactional
    public Optional<String> subnetOf(long userId, boolean egress, Collection<String> refused) {
        // The recorded block needs no lock (the common case: every creation asks); handing one out does, and then
        // the record is read again, since another caller may have handed this user one meanwhile.
        String refusedArray = "{" + String.join(",", refused) + "}";
        Optional<String> recorded = recorded(userId, egress, refusedArray);
        if (recorded.isPresent()) {
            return recorded;
        }
        jdbc.sql("select pg_advisory_xact_lock(:class, 0)")
                .param("class", LOCK_CLASS)
                .query((rs, row) -> 1)
                .list();
        recorded = recorded(userId, egress, refusedArray);
        if (recorded.isPresent()) {
            return recorded;
        }
        release(userId, egress);
        int rangePrefix =
                Integer.parseInt(settings.range().substring(settings.range().indexOf('/') + 1));
        long blocks = 1L << Math.max(0, settings.prefix() - rangePrefix);
        return jdbc.sql("""
                        insert into user_networks (user_id, egress, subnet)
                        select :user, :egress, candidate.subnet
                        from (select set_masklen(network(cast(:range as cidr)) + s * :block, :prefix)::cidr as subnet
                              from generate_series(0::bigint, :blocks - 1) s) candidate
                        where not exists (select 1 from user_networks taken where taken.subnet && candidate.subnet)
                          and not coalesce(candidate.subnet && any(cast(:refused as cidr[])), false)
                        order by candidate.subnet
                        limit 1
                        returning subnet::text
                        """)
                .param("user", userId)
                .param("egress", egress)
                .param("range", settings.range())
                .param("block", 1L << (32 - settings.prefix()))
                .param("prefix", settings.prefix())
                .param("blocks", blocks)
                .param("refused", refusedArray)
                .query(String.class)
                .optional();
    }

    /** Releases every block of the user's (their deletion). */
    /**
     * Holds this user's network for this egress until the surrounding transaction ends, on every instance: two
     * creations that both find it missing would otherwise both create it, and the engine accepts two networks of
     * one name (on different subnets, when the first subnet was refused), which then makes the name ambiguous.
     * Answers the block recorded for it, read in the same statement (the recorded block needs no lock, as in
     * {@link #subnetOf}): one round trip for what every creation asks; empty when none is recorded yet.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Optional<String> lockNetworkOf(long userId, boolean egress) {
        return jdbc.sql("""
                        select pg_advisory_xact_lock(:class, :key)::text as locked,
                               (select subnet::text from user_networks where user_id = :user and egress = :egress)
                                   as subnet""")
                .param("class", USER_LOCK_CLASS)
                .param("key", (int) (userId * 2 + (egress ? 1 : 0)))
                .param("user", userId)
                .param("egress", egress)
                .query((rs, row) -> Optional.ofNullable(rs.getString("subnet")))
                .single();
    }

    /** The user's recorded block for this egress, if any: one statement, no lock, no transaction of its own. */
    public Optional<String> recordedSubnetOf(long userId, boolean egress) {
        return recorded(userId, egress, "{}");
    }

    /** The recorded block, unless it overlaps a refused subnet. */
    private Optional<String> recorded(long userId, boolean egress, String refusedArray) {
        return jdbc.sql("""
                        select subnet::text from user_networks
                        where user_id = :user and egress = :egress
                          and not coalesce(subnet && any(cast(:refused as cidr[])), false)
                        """)
                .param("user", userId)
                .param("egress", egress)
                .param("refused", refusedArray)
                .query(String.class)
                .optional();
    }

    @Transactional
    public int releaseAll(long userId) {
        return jdbc.sql("delete from user_networks where user_id = :user")
                .param("user", userId)
                .update();
    }

    private void release(long userId, boolean egress) {
        jdbc.sql("delete from user_networks where user_id = :user and egress = :egress")
                .param("user", userId)
                .param("egress", egress)
                .update();
    }
}
