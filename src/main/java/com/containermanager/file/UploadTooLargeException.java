package com.containermanager.file;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

class UploadTooLargeException extends ApiException {
    UploadTooLargeException(long maxBytes) {
        super(HttpStatus.CONTENT_TOO_LARGE, "file exceeds the upload limit of " + maxBytes + " bytes");
    }
}
