package dev.upgradeledger.support.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 415 {@code unsupported-media-type} (problem+json) to a request whose {@code Content-Type} no handler could
 * read anyway: unparsable, a wildcard ({@code *}{@code /*}), a charset the JVM does not know, or a form (no ledger API
 * takes one). Left to the container and the message converters, these end in exceptions that are not about the
 * request (Tomcat failing to decode form parameters, Spring refusing to set a wildcard type), answered as 500s.
 */
public class ContentTypeCheck extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getContentType();
        String problem = header == null ? null : problem(header);
        if (problem != null) {
            ProblemResponses.write(response, HttpStatus.UNSUPPORTED_MEDIA_TYPE, ProblemTypes.UNSUPPORTED_MEDIA_TYPE,
                    "Unsupported media type", problem + "; send application/json");
            return;
        }
        chain.doFilter(request, response);
    }

    static String problem(String header) {
        MediaType type;
        try {
            type = MediaType.parseMediaType(header);
        } catch (InvalidMediaTypeException e) {
            return "Content-Type is not a media type";
        }
        if (type.isWildcardType() || type.isWildcardSubtype()) {
            return "Content-Type may not be a wildcard";
        }
        if (MediaType.APPLICATION_FORM_URLENCODED.includes(type) || MediaType.MULTIPART_FORM_DATA.includes(type)) {
            return "the API takes no forms";
        }
        String charset = type.getParameter("charset");
        if (charset != null) {
            try {
                if (!Charset.isSupported(charset.replace("\"", ""))) {
                    return "unknown charset " + charset;
                }
            } catch (IllegalCharsetNameException e) {
                return "unknown charset";
            }
        }
        return null;
    }
}
