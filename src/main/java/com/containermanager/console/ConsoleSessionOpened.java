package com.containermanager.console;

import java.util.List;

/** A console session was opened on a container: who, where, and which command (a shell unless given). */
public record ConsoleSessionOpened(long ownerId, String containerId, List<String> cmd) {}
