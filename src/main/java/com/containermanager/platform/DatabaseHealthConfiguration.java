package com.containermanager.platform;

import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.jdbc.health.DataSourceHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** "db" in health: Boot's own check of the DataSource, cached (its bean name keeps Boot's from being added too). */
@Configuration(proxyBeanMethods = false)
class DatabaseHealthConfiguration {

    @Bean
    HealthIndicator dbHealthIndicator(DataSource dataSource, Clock clock) {
        return new CachedHealthIndicator(
                new DataSourceHealthIndicator(dataSource), CachedHealthIndicator.DEFAULT_PERIOD, clock);
    }
}
