package dev.upgradeledger.commandapi.idempotency;

import dev.upgradeledger.commandapi.cluster.web.ClusterProblems;
import dev.upgradeledger.commandapi.idempotency.IdempotencyStore.StoredAnswer;
import dev.upgradeledger.support.web.ProblemTypes;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@value #HEADER} on REST commands: the first answer to a key is stored with a fingerprint of the request (method,
 * path, body), in the same transaction as the events the command stored; a repeat with the same request gets that
 * answer again ({@value #REPLAYED}: true) and changes nothing; the same key with another request is refused with 422
 * {@code idempotency-key-reused}. Keys are 1-200 letters, digits or {@code ._:-} characters. A command that lost the
 * optimistic-concurrency race on its cluster is run again in a new transaction; an answer of
 * {@code concurrent-modification} (still losing after several attempts) is not stored, so the key may be sent again.
 */
@Component
public class IdempotencyFilter extends OncePerRequestFilter {

    public static final String HEADER = "Idempotency-Key";
    public static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,200}");
    private static final int CONFLICT_ATTEMPTS = 5;
    private static final Set<String> COMMAND_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final IdempotencyStore answers;
    private final TransactionTemplate transactions;

    IdempotencyFilter(IdempotencyStore answers, TransactionTemplate transactions) {
        this.answers = answers;
        this.transactions = transactions;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(HEADER) == null || !COMMAND_METHODS.contains(request.getMethod())
                || !request.getRequestURI().startsWith("/api/v1/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(HEADER);
        if (!KEY.matcher(key).matches()) {
            problem(response, 400, ProblemTypes.INVALID_REQUEST, "Invalid request",
                    HEADER + " must be 1-200 letters, digits or ._:- characters");
            return;
        }
        byte[] body = request.getInputStream().readAllBytes();
        String storeKey = "rest:" + key;
        String fingerprint = IdempotencyStore.fingerprint(request.getMethod(), request.getRequestURI(),
                String.valueOf(request.getQueryString()), new String(body, StandardCharsets.UTF_8));
        StoredAnswer stored = answers.find(storeKey).orElse(null);
        if (stored != null) {
            replay(stored, fingerprint, response);
            return;
        }
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean[] changedNothing = {false};
        for (int attempt = 1; ; attempt++) {
            boolean lastAttempt = attempt >= CONFLICT_ATTEMPTS;
            boolean[] conflicted = {false};
            transactions.executeWithoutResult(status -> {
                try {
                    chain.doFilter(new CachedBodyRequest(request, body), captured);
                } catch (IOException | ServletException e) {
                    throw new IllegalStateException(e);
                }
                conflicted[0] = request.getAttribute(ClusterProblems.CONFLICTED) != null;
                if (status.isRollbackOnly() || conflicted[0]) {
                    status.setRollbackOnly();
                    changedNothing[0] = true;
                } else if (captured.getStatus() < 500) {
                    answers.save(storeKey, answerOf(fingerprint, captured));
                }
            });
            if (!conflicted[0] || lastAttempt) {
                break;
            }
            // Lost the race on the cluster (another replica wrote first): everything was rolled back; decide again.
            request.removeAttribute(ClusterProblems.CONFLICTED);
            captured.reset();
            changedNothing[0] = false;
        }
        if (changedNothing[0] && captured.getStatus() < 500
                && request.getAttribute(ClusterProblems.CONFLICTED) == null) {
            transactions.executeWithoutResult(status -> answers.save(storeKey, answerOf(fingerprint, captured)));
        }
        captured.copyBodyToResponse();
    }

    private static StoredAnswer answerOf(String fingerprint, ContentCachingResponseWrapper captured) {
        return new StoredAnswer(fingerprint, captured.getStatus(), captured.getContentType(),
                new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8));
    }

    private static void replay(StoredAnswer stored, String fingerprint, HttpServletResponse response)
            throws IOException {
        if (!stored.fingerprint().equals(fingerprint)) {
            problem(response, 422, "idempotency-key-reused", "Idempotency key reused",
                    "this " + HEADER + " was used before for a different request");
            return;
        }
        response.setStatus(stored.status());
        response.setHeader(REPLAYED, "true");
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        response.getOutputStream().write(stored.body().getBytes(StandardCharsets.UTF_8));
    }

    private static void problem(HttpServletResponse response, int status, String typeSlug, String title,
                                String detail) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getOutputStream().write(("{\"type\":\"" + ProblemTypes.of(typeSlug) + "\",\"title\":\"" + title
                + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    /** The request with its body read once and served again to the controller. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }
    }
}
