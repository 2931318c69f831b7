package com.containermanager.file;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** 507: the storage file system is below its floor of free space; no upload is taken until room is made. */
class InsufficientStorageException extends ApiException {
    InsufficientStorageException() {
        super(HttpStatus.INSUFFICIENT_STORAGE, "insufficient storage");
    }
}
