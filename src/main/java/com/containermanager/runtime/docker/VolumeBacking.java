package com.containermanager.runtime.docker;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What holds a user's volume's bytes under its engine volume, and so whether its size is a hard limit: an ext4 file
 * system image on a loop device ({@link LoopFileSystems}, volumes.limit hard) or the engine's own local volume,
 * measured ({@link MeasuredVolumes}, soft).
 */
interface VolumeBacking {

    /** Makes what the engine volume needs under it, when missing; safe to call again at any time. */
    void attach(UUID id, long sizeBytes);

    /** The local driver's options of the volume's engine volume. */
    Map<String, String> driverOptions(UUID id);

    /** Bytes its files take; mountpoint: the engine volume's, when the engine has it. */
    long usedBytes(UUID id, Optional<String> mountpoint);

    /** Removes what {@link #attach} made, after the engine volume went; absent is fine. */
    void remove(UUID id);

    /** "hard" or "soft", as the API says it. */
    String limit();
}
