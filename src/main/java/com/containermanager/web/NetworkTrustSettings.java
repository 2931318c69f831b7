package com.containermanager.web;

import com.containermanager.platform.StartupRefusal;
import java.util.List;
import org.apache.catalina.util.NetMask;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Whom the service trusts to say who the client is. trustedProxies (server.trusted_proxies): addresses or CIDR
 * blocks of the reverse proxies in front of the service. Only a request whose peer is one of them has its client
 * address taken from X-Forwarded-For; empty (the default) trusts nobody, so the client's address is the peer's.
 */
@ConfigurationProperties("cm.server")
public record NetworkTrustSettings(List<String> trustedProxies) {

    public NetworkTrustSettings {
        trustedProxies = trustedProxies == null
                ? List.of()
                : trustedProxies.stream()
                        .map(String::strip)
                        .filter(entry -> !entry.isEmpty())
                        .map(NetworkTrustSettings::asCidr)
                        .toList();
    }

    /** "10.0.0.1" becomes "10.0.0.1/32", "fd00::2" "fd00::2/128"; a bare address would read as a pattern to Tomcat. */
    private static String asCidr(String entry) {
        String cidr = entry.contains("/") ? entry : entry + (entry.contains(":") ? "/128" : "/32");
        try {
            new NetMask(cidr);
        } catch (IllegalArgumentException e) {
            throw new StartupRefusal("server.trusted_proxies (SERVER_TRUSTED_PROXIES): \"" + entry
                    + "\" is not an IP address or CIDR block, such as 10.0.0.1 or 10.0.0.0/8");
        }
        return cidr;
    }
}
