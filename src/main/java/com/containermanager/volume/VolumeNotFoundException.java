package com.containermanager.volume;

import com.containermanager.web.NotFoundException;

/** 404: the caller has no volume of this name (another user's is not the caller's either). */
public class VolumeNotFoundException extends NotFoundException {
    public VolumeNotFoundException() {
        super("volume not found");
    }
}
