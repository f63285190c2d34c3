package dev.upgradeledger.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** URL paths and query strings, with every value encoded. */
final class Paths {

    private Paths() {
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A query string builder that leaves out null values. */
    static final class Query {

        private final List<String> pairs = new ArrayList<>();

        Query add(String name, Object value) {
            if (value != null && !value.toString().isBlank()) {
                pairs.add(name + "=" + URLEncoder.encode(value.toString(), StandardCharsets.UTF_8));
            }
            return this;
        }

        Query addAll(String name, List<String> values) {
            if (values != null) {
                values.forEach(value -> add(name, value));
            }
            return this;
        }

        String of(String path) {
            return pairs.isEmpty() ? path : path + "?" + String.join("&", pairs);
        }
    }
}
