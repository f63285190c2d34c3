package dev.upgradeledger.executor.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.upgradeledger.events.StepAction;
import dev.upgradeledger.executor.driver.ActionResult;
import dev.upgradeledger.executor.driver.NodeDriver;
import dev.upgradeledger.executor.nodes.NodeDirectory;
import dev.upgradeledger.support.tracing.LedgerTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping permits of {@link StepRunner}: a worker holds one to claim, store and report its step, and gives it
 * up while the step's action runs. The inbox, the driver and the reporter are mocked.
 */
class StepRunnerBookkeepingTest {

    private final StepExecutions executions = mock(StepExecutions.class);
    private final OutcomeReporter reporter = mock(OutcomeReporter.class);
    private final NodeDriver driver = mock(NodeDriver.class);
    private final List<Thread> threads = new ArrayList<>();
    private StepRunner runner;

    @AfterEach
    void stop() throws InterruptedException {
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(5_000);
        }
        if (runner != null) {
            runner.destroy();
        }
    }

    @Test
    void aStepWaitingForItsActionLeavesThePermitToAnother() throws Exception {
        runner = runner(1);
        CountDownLatch acting = new CountDownLatch(3);
        CountDownLatch finish = new CountDownLatch(1);
        when(driver.perform(any())).thenAnswer(call -> {
            acting.countDown();
            assertThat(finish.await(20, TimeUnit.SECONDS)).isTrue();
            return ActionResult.succeeded(Map.of());
        });
        begins("k1", "k2", "k3");
        when(executions.completed(anyString(), eq("me"), anyString())).thenReturn(true);

        perform("k1", "k2", "k3");

        // one permit, yet all three actions run at once: each worker gave its permit up while its action ran
        assertThat(acting.await(10, TimeUnit.SECONDS)).isTrue();
        finish.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        verify(reporter, times(3)).report(any(), any());
        for (String key : List.of("k1", "k2", "k3")) {
            verify(executions).reported(key, "me");
        }
    }

    @Test
    void atMostThePermitsDoTheirOwnWorkAtOnce() throws Exception {
        runner = runner(2);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch finish = new CountDownLatch(1);
        CountDownLatch entered = new CountDownLatch(2);
        when(executions.begin(anyString(), eq("me"), any())).thenAnswer(call -> {
            most.accumulateAndGet(inside.incrementAndGet(), Math::max);
            entered.countDown();
            try {
                assertThat(finish.await(20, TimeUnit.SECONDS)).isTrue();
            } finally {
                inside.decrementAndGet();
            }
            return Optional.empty();
        });

        perform("k1", "k2", "k3", "k4", "k5");

        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        Thread.sleep(300); // the three others had time to enter too, had they been let in
        assertThat(most.get()).isEqualTo(2);
        finish.countDown();
        for (Thread thread : threads) {
            thread.join(10_000);
        }
        assertThat(most.get()).isEqualTo(2);
        verify(executions, times(5)).begin(anyString(), eq("me"), any());
    }

    @Test
    void zeroMeansFourPerCoreAndANegativeCountIsRefused() {
        assertThat(properties(0).bookkeepingPermits()).isEqualTo(4 * Runtime.getRuntime().availableProcessors());
        assertThat(properties(3).bookkeepingPermits()).isEqualTo(3);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> properties(-1))
                .hasMessageContaining("bookkeeping-concurrency");
    }

    private void begins(String... keys) {
        for (String key : keys) {
            StepExecutions.Claimed claimed = new StepExecutions.Claimed(key, new StepRequest("c", "c", "u", key, 1,
                    StepAction.HALT_WORKLOADS, null, Map.of(), Instant.now().plusSeconds(600), 1, "correlation", null),
                    "simulated", "RUNNING", null);
            when(executions.begin(eq(key), eq("me"), any())).thenReturn(Optional.of(
                    new StepExecutions.Begun(claimed, null, StepExecutions.Start.STARTED)));
        }
    }

    private void perform(String... keys) {
        for (String key : keys) {
            Thread thread = new Thread(() -> {
                try {
                    runner.perform(key, "me");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "test-worker-" + key);
            threads.add(thread);
            thread.start();
        }
    }

    private StepRunner runner(int permits) {
        when(driver.name()).thenReturn("simulated");
        return new StepRunner(new NodeDrivers(List.of(driver)), mock(NodeDirectory.class), executions, reporter,
                properties(permits), new SimpleMeterRegistry(), LedgerTracing.off());
    }

    private static ExecutorProperties properties(int permits) {
        return new ExecutorProperties("simulated", Map.of(), Duration.ofMinutes(10), Duration.ofSeconds(30), 8, 8,
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofHours(1), Duration.ofSeconds(5), "me",
                permits);
    }
}
