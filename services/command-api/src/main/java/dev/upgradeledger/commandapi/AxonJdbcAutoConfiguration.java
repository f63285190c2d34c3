package dev.upgradeledger.commandapi;

import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Axon's JDBC auto-configuration (event storage engine, token store) is conditional on a {@code DataSource} bean but
 * is not ordered after Spring Boot 4's {@link DataSourceAutoConfiguration}, so on its own it is silently skipped and
 * Axon fails for want of an event store. It is excluded in application.yml and imported here, in the right order.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class, before = AxonAutoConfiguration.class)
@Import(JdbcAutoConfiguration.class)
public class AxonJdbcAutoConfiguration {
}
