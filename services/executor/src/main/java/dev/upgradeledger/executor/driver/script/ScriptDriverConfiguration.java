package dev.upgradeledger.executor.driver.script;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ScriptDriverProperties.class)
class ScriptDriverConfiguration {
}
