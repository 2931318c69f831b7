package com.containermanager.container.runtime;

/** The engine does not know the container (removed behind our back, or never existed). */
public class NoSuchContainerException extends RuntimeException {
    public NoSuchContainerException(String containerId) {
        super("no such container " + containerId);
    }
}
