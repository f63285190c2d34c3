package dev.upgradeledger.executor.driver.script;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** One run of a command: started with no input, waited for up to its timeout, killed with its descendants after. */
final class ScriptProcess {

    /** How long the output may still flow once the command ended. */
    static final Duration OUTPUT_GRACE = Duration.ofSeconds(1);

    private static final Duration KILL_WAIT = Duration.ofSeconds(2);

    private ScriptProcess() {
    }

    /** How a run ended. */
    enum Ending { EXITED, TIMED_OUT, INTERRUPTED }

    /** @param exitCode the command's exit code when it {@link Ending#EXITED}, else -1 */
    record Outcome(Ending ending, int exitCode, long pid, Duration elapsed) {
    }

    static Outcome run(ProcessBuilder builder, Duration timeout, OutputCapture capture) throws IOException {
        long started = System.nanoTime();
        Process process = builder.start();
        process.getOutputStream().close();
        capture.start(process);
        Ending ending = awaitEnd(process, timeout, capture);
        int exitCode = ending == Ending.EXITED ? process.exitValue() : -1;
        return new Outcome(ending, exitCode, process.pid(), Duration.ofNanos(System.nanoTime() - started));
    }

    private static Ending awaitEnd(Process process, Duration timeout, OutputCapture capture) {
        try {
            if (!process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killTree(process);
                capture.await(OUTPUT_GRACE);
                return Ending.TIMED_OUT;
            }
            capture.await(OUTPUT_GRACE);
            return Ending.EXITED;
        } catch (InterruptedException e) {
            killTree(process);
            Thread.currentThread().interrupt();
            return Ending.INTERRUPTED;
        }
    }

    /** Kills the process and every process it started, SIGKILL, and waits a moment for the process to be gone. */
    static void killTree(Process process) {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(KILL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
