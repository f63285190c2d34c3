package dev.upgradeledger.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 400 {@code invalid-request} (problem+json) to a request whose query parameters hold a NUL character, which
 * no identifier or filter of the ledger contains and PostgreSQL refuses in text (a query would end in a 500). Tomcat
 * already refuses {@code %00} in a path.
 */
public class QueryTextCheck extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        if (query != null && hasNul(request)) {
            ProblemResponses.write(response, HttpStatus.BAD_REQUEST, ProblemTypes.INVALID_REQUEST, "Invalid request",
                    "query parameters may not contain a NUL character");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean hasNul(HttpServletRequest request) {
        return request.getParameterMap().values().stream()
                .anyMatch(values -> java.util.Arrays.stream(values).anyMatch(value -> value.indexOf('\u0000') >= 0));
    }
}
