package dev.upgradeledger.support.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The headers of a paged answer: the next page's link ({@code Link: <...>; rel="next"}, RFC 8288: the current request
 * with {@code after} replaced) and its cursor ({@value #HEADER}); none on the last page.
 */
public final class NextPage {

    /** The header that carries the cursor of the next page (the {@code after} of the next request). */
    public static final String HEADER = "X-Next-After";

    private NextPage() {
    }

    /** 200 with {@code body}, and the next page's headers when {@code next} (its cursor) is not null. */
    public static <T> ResponseEntity<T> ok(T body, String next) {
        ResponseEntity.BodyBuilder response = ResponseEntity.ok();
        if (next != null) {
            String link = ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("after", next).build()
                    .toUriString();
            response.header(HttpHeaders.LINK, "<" + link + ">; rel=\"next\"").header(HEADER, next);
        }
        return response.body(body);
    }
}
