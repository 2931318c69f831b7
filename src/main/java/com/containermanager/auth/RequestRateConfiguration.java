package com.containermanager.auth;

import com.containermanager.limits.LimitSettings;
import com.containermanager.limits.RequestRate;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * {@link RequestRateFilter}, registered here rather than as a component so that web slices (which take every filter
 * component) do not need the limits module. It runs right after the request log, before everything else.
 */
@Configuration(proxyBeanMethods = false)
class RequestRateConfiguration {

    @Bean
    FilterRegistrationBean<RequestRateFilter> requestRateFilter(
            RequestRate rate, KnownBearers known, LimitSettings limits) {
        // Not a bean: a ScheduledExecutorService bean would become the scheduler of every @Scheduled method.
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("request-rate-hold").daemon().factory());
        var registration = new FilterRegistrationBean<>(
                new RequestRateFilter(rate, known, new HeldRefusals(), timer, limits.requestsPerSecond()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        registration.setAsyncSupported(true);
        return registration;
    }
}
