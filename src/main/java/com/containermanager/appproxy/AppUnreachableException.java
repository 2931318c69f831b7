package com.containermanager.appproxy;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * 409: the container runs, but on no network this host has an address on (an internal network of egress
 * {@code none}), so the proxy cannot reach its ports.
 */
class AppUnreachableException extends ApiException {
    AppUnreachableException() {
        super(
                HttpStatus.CONFLICT,
                "app unreachable: the container is on no network the service reaches (a profile with egress allowed,"
                        + " or containers.network, is needed)");
    }
}
