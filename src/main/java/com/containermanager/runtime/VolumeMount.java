package com.containermanager.runtime;

import java.util.UUID;

/** A volume (by the service's id) mounted into a container at an absolute path, read-only or not. */
public record VolumeMount(UUID volumeId, String path, boolean readOnly) {}
