package dev.upgradeledger.support.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/** Writes a problem+json answer straight to a servlet response, for code that runs before Spring MVC (filters). */
public final class ProblemResponses {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProblemResponses() {
    }

    public static void write(HttpServletResponse response, HttpStatus status, String slug, String title,
                             String detail) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(json(status.value(), slug, title, detail));
    }

    /** The JSON of a problem with the usual members. */
    public static String json(int status, String slug, String title, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", ProblemTypes.of(slug).toString());
        body.put("title", title);
        body.put("status", status);
        body.put("detail", detail);
        return JSON.writeValueAsString(body);
    }
}
