package com.containermanager.runtime;

/**
 * A network of one user's own, in the service's words: whose it is, whether it reaches outside the host
 * ({@code egress}), and the block of addresses the service handed it ({@code subnet}, CIDR, such as
 * 10.213.0.64/26). A network without egress is internal: no route out, and no address of the host on it. The adapter
 * names and labels it (owner, installation, the operator's labels); another adapter (overlay networks across hosts)
 * maps the same three facts to its engine's networks.
 */
public record UserNetwork(long ownerId, boolean egress, String subnet) {

    /** Whether two IPv4 ranges (CIDR, such as 10.213.0.0/16) share an address. */
    public static boolean overlap(String one, String other) {
        long[] a = bounds(one);
        long[] b = bounds(other);
        return a[0] <= b[1] && b[0] <= a[1];
    }

    private static long[] bounds(String cidr) {
        String[] parts = cidr.strip().split("/", 2);
        long address = 0;
        for (String octet : parts[0].split("\\.")) {
            address = (address << 8) | Integer.parseInt(octet);
        }
        int prefix = Integer.parseInt(parts[1]);
        long size = 1L << (32 - prefix);
        long first = address & ~(size - 1);
        return new long[] {first, first + size - 1};
    }
}
