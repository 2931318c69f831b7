package com.containermanager.runtime;

/**
 * A network of one user's own, in the service's words: whose it is, whether it reaches outside the host
 * ({@code egress}), and the block of addresses the service handed it ({@code subnet}, CIDR, such as
 * 10.213.0.64/26). A network without egress is internal: no route out, and no address of the host on it. The adapter
 * names and labels it (owner, installation, the operator's labels); another adapter (overlay networks across hosts)
 * maps the same three facts to its engine's networks.
 */
public record UserNetwork(long ownerId, boolean egress, String subnet) {}
