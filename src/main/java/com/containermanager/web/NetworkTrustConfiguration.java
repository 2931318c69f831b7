package com.containermanager.web;

import com.containermanager.platform.StartupRefusal;
import java.util.Locale;
import java.util.Objects;
import org.apache.catalina.valves.RemoteIpValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Forwarded headers are honoured only from the listed proxies. Boot's own switch (server.forward-headers-strategy)
 * stays "none": left unset, Boot turns forwarded-header handling on by itself under Kubernetes and then trusts
 * X-Forwarded-For from every private address, so anyone inside the cluster network could claim to be loopback or
 * choose their address for the login throttle. Instead, Tomcat's RemoteIpValve is installed here with exactly the
 * configured proxies as its internal proxies. Metrics leave this port altogether (management.server.port).
 */
@Configuration(proxyBeanMethods = false)
class NetworkTrustConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> trustedProxiesOnly(
            NetworkTrustSettings trust, Environment environment) {
        refuseOtherForwardedHeaderStrategies(environment);
        refuseMetricsOnTheApiPort(environment);
        return factory -> {
            if (!trust.trustedProxies().isEmpty()) {
                RemoteIpValve valve = new RemoteIpValve();
                valve.setInternalProxies(String.join(",", trust.trustedProxies()));
                valve.setTrustedProxies(null);
                valve.setRemoteIpHeader("X-Forwarded-For");
                valve.setProtocolHeader("X-Forwarded-Proto");
                factory.addEngineValves(valve);
            }
        };
    }

    private static void refuseOtherForwardedHeaderStrategies(Environment environment) {
        String strategy = environment.getProperty("server.forward-headers-strategy", "none");
        if (!strategy.strip().toLowerCase(Locale.ROOT).equals("none")) {
            throw new StartupRefusal("server.forward-headers-strategy (SERVER_FORWARD_HEADERS_STRATEGY) must stay"
                    + " none; list the proxies whose X-Forwarded-For is trusted in server.trusted_proxies"
                    + " (SERVER_TRUSTED_PROXIES) instead");
        }
    }

    /** The Actuator (metrics, health details) moves to its own port; the same port would publish it with the API. */
    private static void refuseMetricsOnTheApiPort(Environment environment) {
        String management = environment.getProperty("management.server.port");
        String server = environment.getProperty("server.port", "8080");
        if (management == null
                || (Objects.equals(management.strip(), server.strip())
                        && !server.strip().equals("0"))) {
            throw new StartupRefusal("management.server.port (MANAGEMENT_SERVER_PORT) must differ from server.port,"
                    + " so that metrics are not served with the API; -1 turns the management port off");
        }
    }
}
