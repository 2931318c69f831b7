package com.containermanager.web;

import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;

/**
 * The management port's own Tomcat reports its rejections as JSON too. Boot builds that server in a child context
 * that takes only its own customizers, hence this class (listed in the ManagementContextConfiguration imports);
 * component scanning also finds it in the main context, where installing the valve again changes nothing.
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
class ManagementErrorReportConfiguration {

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> managementJsonErrorReports() {
        return new TomcatErrorReportConfiguration.JsonErrorReports();
    }
}
