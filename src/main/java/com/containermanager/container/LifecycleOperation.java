package com.containermanager.container;

public enum LifecycleOperation {
    START,
    STOP,
    DELETE,
    RESTART
}
