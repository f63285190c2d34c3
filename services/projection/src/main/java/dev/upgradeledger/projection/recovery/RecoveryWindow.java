package dev.upgradeledger.projection.recovery;

import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Whether the read models are being replaced right now (a recovery drops the schema and loads a snapshot). While they
 * are, the query API answers 503 {@code read-models-recovering} instead of failing on missing tables.
 */
@Component
public class RecoveryWindow {

    private volatile boolean restoring;

    public boolean restoring() {
        return restoring;
    }

    /** Runs {@code restore} with the window open; it closes when the restore returns or fails. */
    public <T> T restoring(Supplier<T> restore) {
        restoring = true;
        try {
            return restore.get();
        } finally {
            restoring = false;
        }
    }
}
