package com.containermanager.runtime;

/**
 * One machine of a runtime that has several (a Swarm node): its name (the host name it joined with), its ID, its
 * state as the runtime's managers see it ("ready", "down", "unknown", ...) and whether it is a manager.
 */
public record RuntimeNode(String name, String id, String state, boolean manager) {}
