package dev.upgradeledger.projection;

import dev.upgradeledger.testsupport.TestIssuer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A minimal server-sent-events client for tests: reads events as they come, closes the connection when done. */
final class SseClient implements AutoCloseable {

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> comments = new LinkedBlockingQueue<>();
    private final Stream<String> lines;
    private final Thread reader;

    private SseClient(Stream<String> lines) {
        this.lines = lines;
        this.reader = new Thread(this::read, "sse-client");
        reader.setDaemon(true);
        reader.start();
    }

    static SseClient open(String url, String lastEventId) throws Exception {
        return open(url, lastEventId, TestIssuer.get().viewer());
    }

    /** The stream as the bearer of {@code token}. */
    static SseClient open(String url, String lastEventId, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token);
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("stream answered " + response.statusCode());
        }
        return new SseClient(response.body());
    }

    /** Up to {@code count} events, waiting at most {@code timeout} for all of them. */
    List<Event> take(int count, Duration timeout) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (taken.size() < count) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                break;
            }
            taken.add(event);
        }
        return taken;
    }

    /** The next comment line (without its colon), or null when none came within {@code timeout}. */
    String comment(Duration timeout) throws InterruptedException {
        return comments.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void read() {
        String id = null;
        String name = null;
        StringBuilder data = new StringBuilder();
        try {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id, name, data.toString()));
                    }
                    id = null;
                    name = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1).trim());
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5));
                }
            }
        } catch (RuntimeException closed) {
            // the test closed the connection
        }
    }

    @Override
    public void close() {
        lines.close();
    }

    record Event(String id, String name, String data) {
    }
}
