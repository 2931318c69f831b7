package com.containermanager.console;

import com.containermanager.limits.UserSlots;
import java.util.List;

/** What the handshake prepared for a console: whose, where, the created (not yet started) process, and its slot. */
record ConsoleStart(long userId, String containerId, List<String> cmd, String execId, String tag, UserSlots.Slot slot) {

    static final String ATTRIBUTE = ConsoleStart.class.getName();
}
