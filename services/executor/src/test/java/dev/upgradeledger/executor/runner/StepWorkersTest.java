package dev.upgradeledger.executor.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The worker pool's bounds and back-pressure, with the runner and the inbox mocked. */
class StepWorkersTest {

    private final StepRunner runner = mock(StepRunner.class);
    private final StepExecutions executions = mock(StepExecutions.class);
    private final RecordingGate gate = new RecordingGate();
    private final CountDownLatch release = new CountDownLatch(1);
    private final Set<String> performed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger mostConcurrent = new AtomicInteger();
    private StepWorkers workers;

    @BeforeEach
    void start() throws Exception {
        doAnswer(call -> {
            mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                assertThat(release.await(20, TimeUnit.SECONDS)).isTrue();
                performed.add(call.getArgument(0));
            } finally {
                concurrent.decrementAndGet();
            }
            return null;
        }).when(runner).perform(anyString(), anyString());
        workers = new StepWorkers(runner, executions, properties(2, 2), gate, new SimpleMeterRegistry());
        workers.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        workers.stop();
    }

    @Test
    void runsAtMostMaxInFlightQueuesUpToItsCapacityReleasesTheRestAndPausesUntilHalfDrained() {
        List<String> keys = IntStream.rangeClosed(1, 6).mapToObj(i -> "c/u/s" + i + "/1").toList();

        keys.forEach(key -> workers.offer(key, "listener"));

        await().atMost(Duration.ofSeconds(5)).until(() -> concurrent.get() == 2);
        assertThat(workers.inFlight()).isEqualTo(2);
        assertThat(workers.queued()).isEqualTo(2);
        assertThat(gate.pauses.get()).isEqualTo(1);
        assertThat(gate.paused()).isTrue();
        verify(executions).release(keys.get(4), workers.instanceId(), Duration.ZERO);
        verify(executions).release(keys.get(5), workers.instanceId(), Duration.ZERO);
        verify(executions, never()).release(eq(keys.get(0)), anyString(), eq(Duration.ZERO));

        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> performed.size() == 4);
        assertThat(performed).containsExactlyInAnyOrderElementsOf(keys.subList(0, 4));
        assertThat(mostConcurrent.get()).isEqualTo(2);
        assertThat(gate.paused()).isFalse();
        assertThat(gate.resumes.get()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> workers.inFlight() == 0);
    }

    @Test
    void aStepAlreadyHeldHereIsNotTakenTwice() {
        workers.offer("c/u/s1/1", "listener");
        workers.offer("c/u/s1/1", "sweeper");

        await().atMost(Duration.ofSeconds(5)).until(() -> concurrent.get() == 1);
        assertThat(workers.queued()).isZero();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> workers.inFlight() == 0);
        assertThat(mostConcurrent.get()).isEqualTo(1);
    }

    @Test
    void stoppingReleasesTheQueuedStepsAndRefusesNewOnes() {
        IntStream.rangeClosed(1, 4).forEach(i -> workers.offer("c/u/s" + i + "/1", "listener"));
        await().atMost(Duration.ofSeconds(5)).until(() -> concurrent.get() == 2);

        release.countDown();
        workers.stop();
        workers.offer("c/u/late/1", "listener");

        verify(executions).release("c/u/late/1", workers.instanceId(), Duration.ZERO);
        assertThat(workers.isRunning()).isFalse();
        assertThat(workers.queued()).isZero();
        assertThat(performed).hasSizeGreaterThanOrEqualTo(2).doesNotContain("c/u/late/1");
    }

    @Test
    void aHeartbeatShorterThanTheLeaseIsRequired() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new ExecutorProperties("simulated", Map.of(),
                        Duration.ofMinutes(10), Duration.ofSeconds(30), 4, 4, Duration.ofSeconds(5),
                        Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(1), "", 0))
                .hasMessageContaining("heartbeat-interval");
    }

    private static ExecutorProperties properties(int maxInFlight, int queueCapacity) {
        return new ExecutorProperties("simulated", Map.of(), Duration.ofMinutes(10), Duration.ofSeconds(30),
                maxInFlight, queueCapacity, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofHours(1),
                Duration.ofSeconds(5), "test-instance", 0);
    }

    private static final class RecordingGate implements ListenerGate {

        final AtomicInteger pauses = new AtomicInteger();
        final AtomicInteger resumes = new AtomicInteger();
        private volatile boolean paused;

        @Override
        public void pause() {
            paused = true;
            pauses.incrementAndGet();
        }

        @Override
        public void resume() {
            paused = false;
            resumes.incrementAndGet();
        }

        @Override
        public boolean paused() {
            return paused;
        }
    }
}
