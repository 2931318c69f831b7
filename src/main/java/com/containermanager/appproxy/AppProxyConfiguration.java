package com.containermanager.appproxy;

import com.containermanager.auth.BearerTokens;
import com.containermanager.container.ContainerActivity;
import com.containermanager.container.ProfileSettings;
import io.micrometer.observation.ObservationPredicate;
import java.time.Clock;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationContext;

/**
 * The app proxy's filter, right after the request log (HIGHEST_PRECEDENCE) and before the JSON body limit (+10) and
 * Spring Security. Registered here rather than as a component, so that web slices of other modules' controllers
 * (which pick up every Filter component) do not need the proxy's beans.
 */
@Configuration(proxyBeanMethods = false)
class AppProxyConfiguration {

    @Bean
    FilterRegistrationBean<AppProxyFilter> appProxyFilter(
            AppDirectory directory,
            AppPasses passes,
            AppEndpoints endpoints,
            AppProxySettings settings,
            ContainerActivity activity,
            BearerTokens bearerTokens,
            ApplicationEventPublisher events,
            Clock clock,
            ProfileBodyLimits bodyLimits,
            ProfileSettings profiles) {
        FilterRegistrationBean<AppProxyFilter> registration = new FilterRegistrationBean<>(new AppProxyFilter(
                directory,
                passes,
                endpoints,
                settings,
                activity,
                bearerTokens,
                events,
                clock,
                app -> bodyLimits.of(app.profile(), profiles.defaultProfile(), settings.maxBody())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        registration.setName("appProxyFilter");
        return registration;
    }

    /**
     * Apps' requests are not the API's: no {@code http.server.requests} observation for them (it would time and count
     * each one as the route {@code UNKNOWN}, at a cost the proxy's profile measured at about 7 % of a request).
     */
    @Bean
    ObservationPredicate appRequestsNotObserved(AppDirectory directory) {
        AppHosts hosts = directory.hosts();
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && hosts.isAppHost(server.getCarrier().getServerName()));
    }
}
