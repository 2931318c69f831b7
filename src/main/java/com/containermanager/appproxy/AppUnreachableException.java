package com.containermanager.appproxy;

import com.containermanager.web.ApiException;
import org.springframework.http.HttpStatus;

/**
 * 409: the container runs, but on no network this host reaches, directly or through a relay (containers.network
 * names a network the host has no address on, or none), so the proxy cannot reach its ports.
 */
class AppUnreachableException extends ApiException {
    AppUnreachableException() {
        super(
                HttpStatus.CONFLICT,
                "app unreachable: the container is on no network the service reaches (containers.network names one"
                        + " the host has no address on, or none)");
    }
}
