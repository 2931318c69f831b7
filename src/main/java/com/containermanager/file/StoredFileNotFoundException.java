package com.containermanager.file;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/** No such file of the caller's: the fixed message of the contract, and the name for callers that say more. */
public class StoredFileNotFoundException extends ApiException {

    private final String name;

    StoredFileNotFoundException(String name) {
        super(HttpStatus.NOT_FOUND, "file not found");
        this.name = name;
    }

    public String name() {
        return name;
    }
}
