package com.containermanager.file;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

class QuotaExceededException extends ApiException {
    QuotaExceededException(long quotaBytes) {
        super(HttpStatus.CONTENT_TOO_LARGE, "storage quota of " + quotaBytes + " bytes exceeded");
    }
}
