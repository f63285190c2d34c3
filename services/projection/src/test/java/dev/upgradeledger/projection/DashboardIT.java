package dev.upgradeledger.projection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.upgradeledger.events.LedgerEvent;
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

@LedgerIntegrationTest
class DashboardIT extends ServiceIntegrationTest {

    @Test
    void theDashboardIsServedAndListensToEveryEventType() throws Exception {
        HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/dashboard.html")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("new EventSource(\"/api/v1/stream?access_token=\"", "/api/v1/clusters",
                "Authorization: \"Bearer \" + TOKEN");
        Matcher types = Pattern.compile("const EVENT_TYPES = \\[([^\\]]*)]").matcher(page.body());
        assertThat(types.find()).isTrue();
        List<String> listened = Arrays.stream(types.group(1).split(","))
                .map(type -> type.replaceAll("[\\s\"]", "")).toList();
        assertThat(listened).as("a named SSE event reaches only its own listener")
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(LedgerEvent.class.getPermittedSubclasses())
                        .map(Class::getSimpleName).toList());
    }
}
