package com.containermanager.runtime;

/** What a list call tells of one container; the rest (image, command, creation) comes from the ownership row. */
public record ContainerSummary(String id, String name, String state) {}
