package dev.upgradeledger.projection.console;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The SRE console's pages ({@code /console/}) are static files; this adds their settings and a Content-Security-Policy
 * that lets them run only their own scripts and styles and connect only to this service, command-api and the issuer's
 * token endpoint.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConsoleProperties.class)
class ConsoleConfiguration {

    @Bean
    FilterRegistrationBean<Filter> consoleContentSecurityPolicy(ConsoleProperties properties) {
        String policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
                + " connect-src 'self' " + properties.connectSources() + "; base-uri 'none'; form-action 'none';"
                + " frame-ancestors 'none'";
        Filter filter = (request, response, chain) -> {
            ((HttpServletResponse) response).setHeader("Content-Security-Policy", policy);
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.addUrlPatterns("/console/*");
        return registration;
    }

    /** {@code /console} and {@code /console/} open the fleet overview. */
    @Bean
    WebMvcConfigurer consoleIndex() {
        return new WebMvcConfigurer() {
            @Override
            public void addViewControllers(ViewControllerRegistry registry) {
                registry.addRedirectViewController("/console", "/console/index.html");
                registry.addRedirectViewController("/console/", "/console/index.html");
            }
        };
    }
}
