package com.containermanager.container.runtime;

public class ContainerNameConflictException extends RuntimeException {
    public ContainerNameConflictException(String name) {
        super("a container named " + name + " already exists");
    }
}
