package dev.upgradeledger.support.web;

import org.apache.catalina.core.StandardHost;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.util.unit.DataSize;

/**
 * Every error as problem+json: the controller advice, the error controller (ordered before Spring Boot's error MVC
 * configuration so that its legacy controller backs off), Tomcat's own error answers, the request body limit, and the check of the Content-Type.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@Import({LedgerProblemHandler.class, ProblemErrorController.class})
public class ProblemHandlingConfiguration {

    /** The largest request body a service reads (a registration of 10,000 nodes is well under 2 MB). */
    @Bean
    FilterRegistrationBean<RequestBodyLimit> requestBodyLimit(
            @Value("${ledger.http.max-body-size:2MB}") DataSize limit) {
        FilterRegistrationBean<RequestBodyLimit> registration = new FilterRegistrationBean<>(new RequestBodyLimit(limit));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** A Content-Type nobody can read is a 415, before the container or a converter trips over it. */
    @Bean
    FilterRegistrationBean<ContentTypeCheck> contentTypeCheck() {
        FilterRegistrationBean<ContentTypeCheck> registration = new FilterRegistrationBean<>(new ContentTypeCheck());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    /** A NUL in a query parameter is a 400, before a query hands it to PostgreSQL (found by QueryFuzzIT). */
    @Bean
    FilterRegistrationBean<QueryTextCheck> queryTextCheck() {
        FilterRegistrationBean<QueryTextCheck> registration = new FilterRegistrationBean<>(new QueryTextCheck());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.apache.catalina.startup.Tomcat")
    static class TomcatErrors {

        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> problemErrorReports() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(ProblemErrorReportValve.class.getName());
                }
            });
        }
    }
}
