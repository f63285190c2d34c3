package dev.upgradeledger.commandapi;

import org.axonframework.springboot.autoconfig.AxonAutoConfiguration;
import org.axonframework.springboot.autoconfig.JdbcAutoConfiguration;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.axonframework.springboot.autoconfig.TransactionAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Axon's JDBC and transaction auto-configurations are conditional on a {@code DataSource} and a
 * {@code PlatformTransactionManager} bean but are not ordered after Spring Boot 4's auto-configurations that create
 * them (which moved packages in Boot 4), so on their own they are silently skipped: without the first Axon fails for
 * want of an event store; without the second Axon falls back to its {@code NoTransactionManager}, and then nothing
 * Axon does is in a Spring transaction (each statement commits on its own, a tracking processor's token is committed
 * before its batch's handlers finished, and a command takes a second connection for its deadlines). Both are excluded
 * in application.yml and imported here, in the right order.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class},
        before = {AxonAutoConfiguration.class, NoOpTransactionAutoConfiguration.class})
@Import({JdbcAutoConfiguration.class, TransactionAutoConfiguration.class})
public class AxonJdbcAutoConfiguration {
}
