package com.containermanager.volume;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** 409: the caller has a volume of this name already. */
class VolumeNameTakenException extends ApiException {
    VolumeNameTakenException() {
        super(HttpStatus.CONFLICT, "name taken");
    }
}
