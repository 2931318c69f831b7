package com.containermanager.support;

import com.containermanager.runtime.ContainerRuntime;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Puts a {@link CountingContainerRuntime} in front of the real engine adapter. */
@TestConfiguration(proxyBeanMethods = false)
public class CountingRuntimeConfiguration {

    @Bean
    static BeanPostProcessor countingRuntime() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof ContainerRuntime runtime && !(bean instanceof CountingContainerRuntime)
                        ? new CountingContainerRuntime(runtime)
                        : bean;
            }
        };
    }
}
