package dev.upgradeledger.executor.runner;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ExecutorProperties.class)
class RunnerConfiguration {
}
