package dev.upgradeledger.support.tracing;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Carries an OpenTelemetry trace where Spring's observations do not: into an event's metadata, from an event's
 * metadata to the span that publishes it, from a record of a batch to the span of its own work, through the executor's
 * inbox. The trace context travels as a W3C {@code traceparent}, the form the Kafka record header has; a value that is
 * not one is ignored (no span, never an error), since a header is input from outside.
 *
 * <p>When tracing is off (sampling probability 0, the default), spans still get ids, so log lines and events name
 * their trace, but nothing is recorded or exported.
 */
public class LedgerTracing {

    /** The W3C trace context header, on Kafka records as over HTTP. */
    public static final String TRACEPARENT = "traceparent";

    private static final Pattern W3C = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private static final String INVALID_TRACE = "00000000000000000000000000000000";

    private final Tracer tracer;
    private final Propagator propagator;

    public LedgerTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Without tracing: every span a no-op, no trace ids. */
    public static LedgerTracing off() {
        return new LedgerTracing(Tracer.NOOP, Propagator.NOOP);
    }

    /** The {@code traceparent} of the current span, or null when there is none. */
    public String currentTraceparent() {
        return traceparent(tracer.currentSpan());
    }

    /**
     * The {@code traceparent} of {@code span}, also when it is not sampled (its flags say so), or null for no span or
     * one without ids (tracing off).
     */
    public String traceparent(Span span) {
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>(4);
        propagator.inject(span.context(), carrier, Map::put);
        return valid(carrier.get(TRACEPARENT));
    }

    /** Starts a span named {@code name}, a child of the current span (or the root of a new trace). The caller ends it. */
    public Span startSpan(String name) {
        return tracer.nextSpan().name(name).start();
    }

    /**
     * Starts a span named {@code name} in the trace of {@code traceparent}, as its child; null when the value is not a
     * trace context. The caller ends it.
     */
    public Span startChild(String name, String traceparent) {
        String parent = valid(traceparent);
        if (parent == null) {
            return null;
        }
        return propagator.extract(Map.of(TRACEPARENT, parent), Map::get).name(name).start();
    }

    /** {@link #startChild(String, String)} for the trace of a Kafka record (its last {@code traceparent} header). */
    public Span startChild(String name, Headers headers) {
        return startChild(name, traceparent(headers));
    }

    /** Makes {@code span} (which may be null) the current span until the scope is closed. */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }

    /** The last {@code traceparent} header of a record, or null. */
    public static String traceparent(Headers headers) {
        Header header = headers == null ? null : headers.lastHeader(TRACEPARENT);
        return header == null || header.value() == null ? null
                : valid(new String(header.value(), StandardCharsets.US_ASCII));
    }

    /** The trace id within a {@code traceparent}, or null when it is not one. */
    public static String traceId(String traceparent) {
        String valid = valid(traceparent);
        return valid == null ? null : valid.substring(3, 35);
    }

    /** The same trace context with the sampled flag cleared (null when it is none): its work keeps ids, records nothing. */
    public static String unsampled(String traceparent) {
        String valid = valid(traceparent);
        if (valid == null) {
            return null;
        }
        int flags = Integer.parseInt(valid.substring(53), 16) & ~1;
        return valid.substring(0, 53) + String.format("%02x", flags);
    }

    /** The value when it is a W3C traceparent of a real trace, else null. */
    public static String valid(String traceparent) {
        return traceparent != null && traceparent.length() == 55 && W3C.matcher(traceparent).matches()
                && !traceparent.startsWith(INVALID_TRACE, 3) && !traceparent.startsWith("ff") ? traceparent : null;
    }
}
