package dev.upgradeledger.executor.driver.http;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

/** Binds {@link HttpDriverProperties} for {@link HttpNodeDriver}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpDriverProperties.class)
public class HttpDriverConfiguration {
}
