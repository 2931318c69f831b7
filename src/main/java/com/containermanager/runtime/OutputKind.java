package com.containermanager.runtime;

/** Which of a process's output streams a piece of output came from; a TTY has only stdout. */
public enum OutputKind {
    STDOUT,
    STDERR
}
