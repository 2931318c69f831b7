package com.containermanager.runtime;

/** A container of that name exists already: for a creation job, the container of an earlier attempt. */
public final class EngineNameConflictException extends EngineException {
    public EngineNameConflictException(String name) {
        super("a container named " + name + " already exists", null);
    }
}
