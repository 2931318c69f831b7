package com.containermanager.job;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

class JobNotFoundException extends ApiException {
    JobNotFoundException() {
        super(HttpStatus.NOT_FOUND, "job not found");
    }
}
