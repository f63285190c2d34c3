package dev.upgradeledger.commandapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.axonframework.springboot.autoconfig.NoOpTransactionAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.LazyInitializationBeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The auto-configurations in the order Spring Boot sorts them in the real application (beans created lazily, so only
 * the transaction managers are made and no database is opened): Axon's transaction manager must be Spring's. Sorted on its own, Axon's transaction auto-configuration comes before Boot
 * 4's transaction manager and Axon falls back to its no-op one; the services' integration tests happened not to
 * show that, the real jars did.
 */
class AxonJdbcAutoConfigurationTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none")
            .withBean(LazyInitializationBeanFactoryPostProcessor.class)
            .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                    DataSourceTransactionManagerAutoConfiguration.class, NoOpTransactionAutoConfiguration.class));

    @Test
    void axonUsesSpringsTransactionManager() {
        context.withConfiguration(AutoConfigurations.of(AxonJdbcAutoConfiguration.class)).run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app.getBean(TransactionManager.class)).isInstanceOf(SpringTransactionManager.class);
        });
    }

    @Test
    void withoutTheReorderingAxonFallsBackToItsNoOpTransactionManager() {
        context.withConfiguration(AutoConfigurations.of(
                org.axonframework.springboot.autoconfig.TransactionAutoConfiguration.class)).run(app -> {
            assertThat(app).hasNotFailed();
            assertThat(app.getBean(TransactionManager.class)).isNotInstanceOf(SpringTransactionManager.class);
        });
    }
}
