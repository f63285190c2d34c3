package dev.upgradeledger.executor.driver.script;

import dev.upgradeledger.executor.driver.ActionResult;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The results of the latest actions by idempotency key: a repeated call gets the first call's result, waiting for it
 * when the first call still runs, instead of acting again. Held in memory only, for the latest {@code capacity} keys.
 */
final class ResultMemo {

    private final Map<String, CompletableFuture<ActionResult>> results;

    ResultMemo(int capacity) {
        this.results = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<ActionResult>> eldest) {
                return size() > capacity;
            }
        };
    }

    ActionResult once(String idempotencyKey, Supplier<ActionResult> action) {
        if (idempotencyKey == null) {
            return action.get();
        }
        CompletableFuture<ActionResult> mine = new CompletableFuture<>();
        CompletableFuture<ActionResult> earlier;
        synchronized (results) {
            earlier = results.putIfAbsent(idempotencyKey, mine);
        }
        return earlier == null ? act(idempotencyKey, mine, action) : awaitEarlier(earlier);
    }

    private ActionResult act(String idempotencyKey, CompletableFuture<ActionResult> mine,
                             Supplier<ActionResult> action) {
        try {
            ActionResult result = action.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            synchronized (results) {
                results.remove(idempotencyKey, mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static ActionResult awaitEarlier(CompletableFuture<ActionResult> earlier) {
        try {
            return earlier.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ActionResult.failed("interrupted", "interrupted while the same action ran on another thread", true);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the same action failed on another thread", e.getCause());
        }
    }
}
