package dev.upgradeledger.executor.driver.script;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a process's stdout and stderr at the same time, each on its own thread, so a chatty process never blocks on
 * a full pipe. Keeps the tail of both (interleaved line by line), the first non-blank line of each, and the facts
 * printed on stdout as {@code ledger.fact.<name>=<value>}.
 */
final class OutputCapture {

    static final String FACT_PREFIX = "ledger.fact.";
    static final int MAX_FACT_VALUE_CHARS = 1024;

    private static final Logger log = LoggerFactory.getLogger(OutputCapture.class);
    private static final Pattern FACT = Pattern.compile(Pattern.quote(FACT_PREFIX) + "([a-zA-Z0-9_.-]{1,64})=(.*)");
    private static final int PIECE_BYTES = 8192;
    private static final int HEADLINE_CHARS = 200;

    private final OutputTail tail;
    private final Map<String, String> facts = new ConcurrentHashMap<>();
    private final AtomicReference<String> firstStdoutLine = new AtomicReference<>();
    private final AtomicReference<String> firstStderrLine = new AtomicReference<>();
    private List<Thread> readers = List.of();

    OutputCapture(int maxOutputBytes) {
        this.tail = new OutputTail(maxOutputBytes);
    }

    void start(Process process) {
        readers = List.of(reader(process.getInputStream(), true, "script-stdout-" + process.pid()),
                reader(process.getErrorStream(), false, "script-stderr-" + process.pid()));
    }

    /**
     * Waits for both streams to end, at most {@code grace}: a background process the command left behind may hold
     * them open, and then what was read so far has to do.
     */
    void await(Duration grace) throws InterruptedException {
        long deadline = System.nanoTime() + grace.toNanos();
        for (Thread reader : readers) {
            long remainingMillis = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            reader.join(remainingMillis);
        }
    }

    /** What was captured, with {@code mask} applied to every text. */
    Output output(UnaryOperator<String> mask) {
        Map<String, String> masked = new HashMap<>();
        facts.forEach((name, value) -> masked.put(name, mask.apply(value)));
        String headline = firstStderrLine.get() != null ? firstStderrLine.get() : firstStdoutLine.get();
        return new Output(mask.apply(tail.text()), headline == null ? null : mask.apply(headline), Map.copyOf(masked));
    }

    private Thread reader(InputStream stream, boolean stdout, String name) {
        Thread reader = new Thread(() -> drain(stream, stdout), name);
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    private void drain(InputStream stream, boolean stdout) {
        try (InputStream in = stream) {
            readLines(in, stdout);
        } catch (IOException e) {
            log.debug("{} ended early: {}", Thread.currentThread().getName(), e.toString());
        }
    }

    private void readLines(InputStream in, boolean stdout) throws IOException {
        byte[] chunk = new byte[PIECE_BYTES];
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        boolean lineStart = true;
        int read;
        while ((read = in.read(chunk)) != -1) {
            int from = 0;
            for (int i = 0; i < read; i++) {
                if (chunk[i] == '\n') {
                    line.write(chunk, from, i + 1 - from);
                    accept(line, lineStart, true, stdout);
                    lineStart = true;
                    from = i + 1;
                }
            }
            line.write(chunk, from, read - from);
            if (line.size() >= PIECE_BYTES) {
                accept(line, lineStart, false, stdout);
                lineStart = false;
            }
        }
        if (line.size() > 0) {
            accept(line, lineStart, true, stdout);
        }
    }

    private void accept(ByteArrayOutputStream piece, boolean lineStart, boolean lineEnd, boolean stdout) {
        byte[] bytes = piece.toByteArray();
        piece.reset();
        tail.append(bytes);
        if (!lineStart) {
            return;
        }
        String line = withoutLineEnd(new String(bytes, StandardCharsets.UTF_8));
        if (!line.isBlank()) {
            (stdout ? firstStdoutLine : firstStderrLine).compareAndSet(null, abbreviated(line.strip()));
        }
        if (stdout && lineEnd) {
            collectFact(line);
        }
    }

    private void collectFact(String line) {
        Matcher fact = FACT.matcher(line);
        if (!fact.matches()) {
            return;
        }
        if (fact.group(2).length() > MAX_FACT_VALUE_CHARS) {
            log.warn("fact {} ignored: its value is longer than {} characters", fact.group(1), MAX_FACT_VALUE_CHARS);
            return;
        }
        facts.put(fact.group(1), fact.group(2));
    }

    private static String withoutLineEnd(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return line.substring(0, end);
    }

    private static String abbreviated(String line) {
        return line.length() <= HEADLINE_CHARS ? line : line.substring(0, HEADLINE_CHARS) + "...";
    }

    /**
     * @param text     the tail of stdout and stderr
     * @param headline the first non-blank line of stderr, else of stdout, abbreviated; null when both were empty
     * @param facts    the facts printed on stdout, the last one of a name winning
     */
    record Output(String text, String headline, Map<String, String> facts) {
    }
}
