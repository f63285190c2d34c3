package dev.upgradeledger.commandapi.cluster;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.axonframework.modelling.command.ConcurrencyException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Runs a command (or a whole transaction around one) again when it lost the optimistic-concurrency race on its
 * cluster: another command-api replica, or another thread, appended the same event sequence number first. Axon raises
 * {@link ConcurrencyException}; nothing of the losing attempt was stored, so the command is simply decided again
 * against the cluster's fresh history (where it may now be refused with a rule, e.g. one active upgrade at a time).
 * After {@value #ATTEMPTS} lost races the exception is passed on and answered 409 {@code concurrent-modification}.
 */
@Component
public class ConflictRetry {

    static final int ATTEMPTS = 5;

    private static final Logger log = LoggerFactory.getLogger(ConflictRetry.class);

    private final MeterRegistry meters;

    public ConflictRetry(MeterRegistry meters) {
        this.meters = meters;
    }

    public <T> T run(Supplier<T> attempt) {
        for (int tried = 1; ; tried++) {
            try {
                return attempt.get();
            } catch (RuntimeException e) {
                if (!isConflict(e) || tried >= ATTEMPTS) {
                    throw e;
                }
                meters.counter("ledger.commands.conflicts", "outcome", "retried").increment();
                log.info("A command lost the race on its cluster to another writer (attempt {} of {}); deciding it"
                        + " again", tried, ATTEMPTS);
                pause(tried);
            }
        }
    }

    /** Whether {@code failure} (or one of its causes) is a lost optimistic-concurrency race. */
    public static boolean isConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConcurrencyException) {
                return true;
            }
            if (cause.getCause() == cause) {
                return false;
            }
        }
        return false;
    }

    private static void pause(int tried) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(1, 5L << tried));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a conflicting command", e);
        }
    }
}
