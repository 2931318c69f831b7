package com.containermanager.support;

import com.containermanager.platform.BackgroundLoops;
import com.containermanager.platform.DataFolderSettings;
import com.containermanager.platform.DatabaseConfiguration;
import com.containermanager.platform.DatabaseSettings;
import com.containermanager.platform.RelaxedCommits;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The middle layer's SQL tests ({@code *SqlTest}, run by Surefire): the schema, the data source and the classes under
 * test, which the test class names with {@code @Import}; no web server, no engine, no Docker. The context runs on the
 * JVM's one PostgreSQL in a schema of its own ({@link SharedPostgresSchema}), migrated by Flyway as in production.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@SpringBootTest(
        classes = SqlTest.Database.class,
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "config.file=target/no-config.yaml")
@SharedPostgresSchema
public @interface SqlTest {

    /** PostgreSQL as the service configures it, Flyway, JDBC and transactions; nothing else. */
    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration({
        DataSourceTransactionManagerAutoConfiguration.class,
        TransactionAutoConfiguration.class,
        JdbcTemplateAutoConfiguration.class,
        JdbcClientAutoConfiguration.class,
        FlywayAutoConfiguration.class
    })
    @EnableConfigurationProperties({DatabaseSettings.class, DataFolderSettings.class})
    @Import({DatabaseConfiguration.class, RelaxedCommits.class, BackgroundLoops.class})
    class Database {

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }
}
