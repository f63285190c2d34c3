package dev.upgradeledger.commandapi;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import java.time.Duration;
import java.util.List;
import javax.sql.DataSource;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

/**
 * A db-scheduler {@link Scheduler} on the command-api's database. Its presence makes Axon configure the
 * {@code DbSchedulerDeadlineManager}: step time-outs and retry back-offs are rows in {@code scheduled_tasks}, written in
 * the same transaction as the events that schedule them, and fire after a restart too.
 */
@Configuration(proxyBeanMethods = false)
class DeadlineConfiguration {

    @Bean
    Scheduler deadlineScheduler(DataSource dataSource, List<Task<?>> tasks,
                                @Value("${ledger.deadlines.polling-interval:1s}") Duration pollingInterval) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .tableName("scheduled_tasks")
                .threads(2)
                .pollingInterval(pollingInterval)
                .enableImmediateExecution()
                .build();
    }

    /** Starts polling once the application is up, and stops before the database goes away. */
    @Bean
    SmartLifecycle deadlineSchedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            /**
             * db-scheduler's scheduler cannot start again once stopped (its executors are shut down), so it does not
             * take part in a pause of the context (Spring's test context cache pauses a cached context while another
             * one is in use, then restarts it); it runs until the context closes.
             */
            @Override
            public boolean isPauseable() {
                return false;
            }
        };
    }
}
