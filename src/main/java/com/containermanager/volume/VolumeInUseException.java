package com.containermanager.volume;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** 409: a container (running or not) mounts the volume; remove the container first. */
class VolumeInUseException extends ApiException {
    VolumeInUseException() {
        super(HttpStatus.CONFLICT, "volume in use");
    }
}
