package com.containermanager.support;

import com.zaxxer.hikari.HikariDataSource;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactories;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * The test context runs on the JVM's one PostgreSQL ({@link SharedPostgres}), in a schema of its own made when the
 * context starts: {@code db.host} points at that server (so the service takes it for a configured server, as in
 * production with several instances), and every connection, pooled or dedicated, names the schema in its URL, where
 * Flyway then migrates. Cached contexts keep their schema; no Docker and no data folder are involved.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ContextCustomizerFactories(SharedPostgresSchema.Factory.class)
public @interface SharedPostgresSchema {

    /** Registered by the annotation: one customizer, equal for every context, so contexts are still cached. */
    final class Factory implements ContextCustomizerFactory {
        @Override
        public ContextCustomizer createContextCustomizer(
                Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
            return new Customizer();
        }
    }

    final class Customizer implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            String schema = SharedPostgres.newSchema();
            SharedPostgres.using(context);
            context.getEnvironment()
                    .getPropertySources()
                    .addFirst(new MapPropertySource(
                            "shared-postgres",
                            Map.of(
                                    "cm.db.host",
                                    "localhost",
                                    "cm.db.port",
                                    SharedPostgres.port(),
                                    "cm.db.user",
                                    SharedPostgres.USER,
                                    "cm.db.password",
                                    "",
                                    "cm.db.name",
                                    SharedPostgres.DATABASE,
                                    "cm.test.db-schema",
                                    schema)));
            String url = SharedPostgres.jdbcUrl(schema);
            context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {
                @Override
                public Object postProcessBeforeInitialization(Object bean, String name) {
                    if (bean instanceof HikariDataSource pool) {
                        pool.setJdbcUrl(url);
                        // Cached contexts keep their pools: idle, they should not hold 20 connections each.
                        pool.setMinimumIdle(1);
                    }
                    return bean;
                }
            });
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
