package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.FleetEventEnvelope;
import dev.upgradeledger.events.LedgerEvent;
import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.LedgerIntegrationTest;
import dev.upgradeledger.testsupport.ServiceIntegrationTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The SRE console's files as the projection serves them: open (they hold no data), with a Content-Security-Policy,
 * listening to every event type, writing no API value as HTML. The pages themselves are tested in a browser by the
 * system tests ({@code ConsoleIT}).
 */
@LedgerIntegrationTest
class ConsolePagesIT extends ServiceIntegrationTest {

    private static final List<String> FILES = List.of("index.html", "cluster.html", "upgrade.html", "history.html",
            "signed-in.html", "console.css", "console.js", "fleet.js", "cluster.js", "upgrade.js", "history.js",
            "signed-in.js");

    @Test
    void everyPageAndScriptIsServedWithoutATokenUnderAContentSecurityPolicy() throws Exception {
        for (String file : FILES) {
            HttpResponse<String> response = get("/console/" + file);
            assertThat(response.statusCode()).as(file).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(file).hasValueSatisfying(type ->
                    assertThat(type).startsWith(file.endsWith(".html") ? "text/html"
                            : file.endsWith(".css") ? "text/css" : "text/javascript"));
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(file).hasValueSatisfying(csp ->
                    assertThat(csp).contains("default-src 'none'", "script-src 'self'",
                            "connect-src 'self' http://127.0.0.1:8080", "frame-ancestors 'none'"));
        }
        assertThat(get("/console/").statusCode()).isEqualTo(302);
        assertThat(get("/dashboard.html").body()).contains("location.replace(\"console/index.html\" + location.hash)");
    }

    @Test
    void theSettingsNameCommandApiAndNoSignInUnlessConfigured() throws Exception {
        HttpResponse<String> config = get("/console/config.json");

        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(ApiClient.json(config.body()).properties()).satisfiesExactly(entry -> {
            assertThat(entry.getKey()).isEqualTo("commandApiUrl");
            assertThat(entry.getValue().asString()).isEqualTo("http://127.0.0.1:8080");
        }, entry -> {
            assertThat(entry.getKey()).isEqualTo("signIn");
            assertThat(entry.getValue().isNull()).as("tokens are pasted").isTrue();
        });
    }

    @Test
    void theApiStillNeedsAToken() throws Exception {
        HttpResponse<String> clusters = get("/api/v1/clusters");

        assertThat(clusters.statusCode()).isEqualTo(401);
        assertThat(clusters.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void theConsoleListensToEveryEventTypeAndWritesNoValueAsHtml() throws Exception {
        String shared = get("/console/console.js").body();
        Matcher types = Pattern.compile("export const EVENT_TYPES = \\[([^\\]]*)]").matcher(shared);
        assertThat(types.find()).isTrue();
        List<String> listened = Arrays.stream(types.group(1).split(","))
                .map(type -> type.replaceAll("[\\s\"]", "")).toList();
        assertThat(listened).as("a named SSE event reaches only its own listener")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(LedgerEvent.class.getPermittedSubclasses())
                        .map(Class::getSimpleName).toList());
        Matcher fleetTypes = Pattern.compile("export const FLEET_EVENT_TYPES = \\[([^\\]]*)]").matcher(shared);
        assertThat(fleetTypes.find()).isTrue();
        assertThat(Arrays.stream(fleetTypes.group(1).split(",")).map(type -> type.replaceAll("[\\s\"]", "")))
                .as("a fleet page hears every fleet event").containsExactlyInAnyOrderElementsOf(
                        FleetEventEnvelope.EVENT_TYPES);
        assertThat(shared).contains("new EventSource(", "access_token=", "Authorization: \"Bearer \" + token()");
        for (String file : FILES) {
            assertThat(get("/console/" + file).body()).as(file)
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                            "new Function");
        }
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
