package dev.upgradeledger.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** Allows at most {@code limit} restarts within any sliding {@code window}. */
final class RestartBudget {

    private final int limit;
    private final Duration window;
    private final Deque<Instant> restarts = new ArrayDeque<>();

    RestartBudget(int limit, Duration window) {
        this.limit = limit;
        this.window = window;
    }

    synchronized boolean tryAcquire(Instant now) {
        while (!restarts.isEmpty() && !restarts.peekFirst().isAfter(now.minus(window))) {
            restarts.removeFirst();
        }
        if (restarts.size() >= limit) {
            return false;
        }
        restarts.addLast(now);
        return true;
    }
}
