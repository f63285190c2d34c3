package dev.upgradeledger.systemtests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.upgradeledger.testsupport.ApiClient;
import dev.upgradeledger.testsupport.TestIssuer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.Select;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SRE console in a real headless Chromium against the three service jars: an SRE signs in with a bearer token,
 * filters the fleet, opens a cluster, watches an upgrade with an injected fault pause on the upgrade page (live from
 * the stream, without reloading), reads the diagnosis, resumes it with the page's button until it completes, reads
 * the history with filters and pages, and moves through time. Each page is saved as a screenshot to
 * {@code system-tests/target/console-screenshots/} ({@code -Dledger.console.screenshots.dir} changes it). A second
 * run is refused a command with a viewer's token, then aborts an upgrade from the page with a reason that looks like
 * HTML, which the page shows as text. A third pauses and resumes an upgrade awaiting an approval (it awaits it again)
 * and approves it with a reason, by clicking. A fourth watches a fleet upgrade of three clusters halt on its page, live
 * from the fleet's stream.
 */
class ConsoleIT {

    private static final Logger log = LoggerFactory.getLogger(ConsoleIT.class);
    private static final Duration LIVE = Duration.ofSeconds(90);

    private static ChromeDriver browser;
    private static String console;
    private static ApiClient commands;
    private static ApiClient fleet;
    private static ApiClient queries;

    @BeforeAll
    static void start() throws Exception {
        ConsoleBrowser.requireInstalled();
        ThreeServices services = ThreeServices.get();
        console = services.projection.baseUrl() + "/console/";
        commands = new ApiClient(services.commandApi.baseUrl().toString())
                .as(TestIssuer.get().token("console-setup", "operator:*"));
        fleet = new ApiClient(services.executor.baseUrl().toString())
                .as(TestIssuer.get().token("console-setup", "admin:*"));
        queries = new ApiClient(services.projection.baseUrl().toString())
                .as(TestIssuer.get().token("console-setup", "viewer:*"));
        browser = ConsoleBrowser.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anSreFollowsAnUpgradeWithAFaultLiveReadsTheDiagnosisAndResumesItFromTheConsole() {
        String cluster = register("console-" + UUID.randomUUID().toString().substring(0, 8));

        // signing in: the pages hold no data; the sign-in box keeps the token in the tab (signed out first: the
        // tests share the browser, and one that ran before opened pages with a token of its own)
        browser.get(console + "index.html");
        browser.executeScript("sessionStorage.clear();");
        browser.get("about:blank");
        browser.get(console + "index.html");
        WebElement token = awaitElement(By.id("token"));
        assertThat(browser.findElement(By.id("main")).getText()).contains("Sign in with a bearer token");
        token.sendKeys(TestIssuer.get().token("sre-alice", "operator:*"));
        browser.findElement(By.cssSelector("#sign-in button[type=submit]")).click();
        awaitText(By.id("who"), "signed in as sre-alice");

        // the fleet: filtered by product, status and version, a page at a time
        browser.findElement(By.id("f-product")).sendKeys("camunda");
        new Select(browser.findElement(By.id("f-status"))).selectByValue("CONVERGED");
        browser.findElement(By.id("f-version")).sendKeys("7.5");
        new Select(browser.findElement(By.id("f-limit"))).selectByValue("500");
        browser.findElement(By.id("apply")).click();
        awaitAsserted(() -> assertThat(browser.findElement(By.cssSelector("tr[data-cluster='" + cluster + "']"))
                .getText()).contains(cluster, "camunda", "CONVERGED", "7.5", "allowed"));
        assertThat(browser.getCurrentUrl()).contains("product=camunda", "status=CONVERGED", "version=7.5");
        List<String> listed = texts(By.cssSelector("#clusters tr td:nth-child(3)"));
        assertThat(listed).as("only CONVERGED clusters").isNotEmpty().containsOnly("CONVERGED");

        new Select(browser.findElement(By.id("f-status"))).selectByValue("RUNNING");
        browser.findElement(By.id("apply")).click();
        awaitAsserted(() -> assertThat(browser.findElements(By.cssSelector("tr[data-cluster='" + cluster + "']")))
                .as("filtered out").isEmpty());

        // the cluster page, opened from the fleet
        new Select(browser.findElement(By.id("f-status"))).selectByValue("");
        browser.findElement(By.id("apply")).click();
        awaitClick(By.cssSelector("tr[data-cluster='" + cluster + "'] a"));
        awaitText(By.id("node-table"), "engine-3");
        assertThat(texts(By.cssSelector("#node-table tbody tr"))).hasSize(3)
                .allSatisfy(row -> assertThat(row).contains("7.5", "IN_SERVICE"));
        assertThat(browser.findElement(By.id("feature-gate")).getText()).isEqualTo("New-version features allowed");
        assertThat(browser.findElement(By.id("manager")).getText()).isEqualTo("none");
        awaitText(By.id("live"), "live");

        // engine-2 fails its verification, for good; the upgrade is requested while the page is open
        assertThat(fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","nodeId":"engine-2","action":"VERIFY_NODE","mode":"FAIL","times":1,
                 "retryable":false}""".formatted(cluster)).status()).isEqualTo(201);
        markPage();
        ApiClient.ApiResponse requested = commands.post("/api/v1/clusters/" + cluster + "/upgrades", """
                {"upgradeId":"u-76","targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"1"}""");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        awaitText(By.id("upgrades"), "u-76");
        awaitText(By.id("node-table"), "u-76");
        assertPageNotReloaded();

        // the upgrade page: paused on engine-2's verification, with the diagnosis
        awaitClick(By.cssSelector("#upgrades a"));
        awaitText(By.id("upgrade-status"), "PAUSED");
        awaitText(By.id("failure"), "VERIFY_NODE on engine-2");
        assertThat(browser.findElement(By.id("failure")).getText()).contains("STEP_FAILED", "injected-failure",
                "(not retryable)", "PAUSED");
        assertThat(browser.findElement(By.id("diagnosis-summary")).getText()).contains("VERIFY_NODE on engine-2",
                "failed for good", "PAUSED");
        WebElement failedStage = browser.findElement(By.cssSelector("#timeline .stage[data-status=FAILED]"));
        assertThat(failedStage.getText()).contains("verify engine-2");
        assertThat(browser.findElement(By.id("action-resume")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("action-pause")).isDisplayed()).as("only what PAUSED allows").isFalse();
        assertThat(browser.findElement(By.id("approval")).isDisplayed()).isFalse();
        awaitText(By.id("live"), "live");
        ConsoleBrowser.screenshot(browser, "upgrade-paused");

        // resume from the page: the steps that follow appear live, until it completes
        markPage();
        int eventsBefore = browser.findElements(By.cssSelector("#events .event")).size();
        browser.findElement(By.id("action-resume")).click();
        awaitText(By.id("action-outcome"), "Resume: accepted (resumed)");
        awaitText(By.id("upgrade-status"), "COMPLETED");
        awaitAsserted(() -> assertThat(texts(By.cssSelector("#events .event")))
                .anySatisfy(line -> assertThat(line).contains("UpgradeResumed", "(sre-alice)"))
                .anySatisfy(line -> assertThat(line).contains("StepStarted"))
                .anySatisfy(line -> assertThat(line).contains("UpgradeCompleted")));
        assertThat(browser.findElements(By.cssSelector("#events .event")).size()).isGreaterThan(eventsBefore + 2);
        assertPageNotReloaded();
        WebElement verify = browser.findElement(By.xpath(
                "//table[@id='step-table']//tr[td[4]='VERIFY_NODE' and td[5]='engine-2']"));
        assertThat(verify.getText()).contains("SUCCEEDED");
        assertThat(verify.findElements(By.cssSelector("ol.attempts li"))).extracting(WebElement::getText)
                .satisfiesExactly(first -> assertThat(first).contains("FAILED", "injected-failure"),
                        second -> assertThat(second).startsWith("SUCCEEDED"));
        assertThat(browser.findElements(By.cssSelector("#timeline .stage")))
                .allSatisfy(stage -> assertThat(stage.getAttribute("data-status")).isEqualTo("SUCCEEDED"));
        awaitAsserted(() -> assertThat(browser.findElement(By.id("action-finalize")).isDisplayed()).isTrue());
        assertThat(browser.findElement(By.id("action-resume")).isDisplayed()).isFalse();
        ConsoleBrowser.screenshot(browser, "upgrade");

        // the cluster after it: every node on 7.6, the mixed-version window open until finalized
        browser.findElement(By.cssSelector("nav a[href^='cluster.html']")).click();
        awaitText(By.id("feature-gate"), "New-version features blocked");
        awaitAsserted(() -> assertThat(texts(By.cssSelector("#node-table tbody tr")))
                .allSatisfy(row -> assertThat(row).contains("7.6", "IN_SERVICE", "u-76")));
        assertThat(browser.findElement(By.id("gate")).getText()).contains("finalize upgrade u-76");
        ConsoleBrowser.screenshot(browser, "cluster");

        // the history: by type, by node, a page at a time
        browser.findElement(By.linkText("History and time travel")).click();
        awaitElement(By.cssSelector("#history-table tbody tr"));
        Select types = new Select(browser.findElement(By.id("f-type")));
        types.selectByValue("StepFailed");
        browser.findElement(By.id("apply")).click();
        awaitAsserted(() -> assertThat(texts(By.cssSelector("#history-table tbody tr")))
                .singleElement().satisfies(row -> assertThat(row).contains("StepFailed", "executor", "u-76")));
        types.deselectAll();
        browser.findElement(By.id("f-node")).sendKeys("engine-2");
        new Select(browser.findElement(By.id("f-limit"))).selectByValue("5");
        browser.findElement(By.id("apply")).click();
        awaitText(By.id("page-info"), "page 1, 5 event(s), more after");
        List<String> firstPage = texts(By.cssSelector("#history-table tbody tr td:first-child"));
        browser.findElement(By.id("next-page")).click();
        awaitText(By.id("page-info"), "page 2");
        List<String> secondPage = texts(By.cssSelector("#history-table tbody tr td:first-child"));
        assertThat(secondPage).isNotEmpty().doesNotContainAnyElementsOf(firstPage);
        assertThat(texts(By.cssSelector("#history-table tbody tr td:nth-child(6)"))).containsOnly("engine-2");

        // time travel: as registered, one event later, and back to now
        browser.findElement(By.id("time-start")).click();
        awaitText(By.id("time-at"), "after event #0 ClusterRegistered");
        assertThat(texts(By.cssSelector("#time-nodes tbody tr"))).hasSize(3)
                .allSatisfy(row -> assertThat(row).contains("7.5", "IN_SERVICE"));
        browser.findElement(By.id("time-forward")).click();
        awaitText(By.id("time-at"), "after event #1 ");
        long lastSequence = queries.get("/api/v1/clusters/" + cluster).json().at("/cluster/lastSequence").asLong();
        browser.findElement(By.id("time-end")).click();
        awaitText(By.id("time-at"), "after event #" + lastSequence + " ");
        assertThat(texts(By.cssSelector("#time-nodes tbody tr"))).allSatisfy(row -> assertThat(row).contains("7.6"));
        // the slider: a moment in the middle of the upgrade shows the nodes as they were then
        String failedAt = queries.get("/api/v1/clusters/" + cluster + "/history?type=StepFailed").json()
                .at("/events/0/occurredAt").asString();
        browser.executeScript("const s = document.getElementById('time-slider'); s.value = arguments[0];"
                + " s.dispatchEvent(new Event('input'));", String.valueOf(java.time.Instant.parse(failedAt)
                .toEpochMilli()));
        long thenSequence = queries.get("/api/v1/clusters/" + cluster + "/state?at=" + failedAt).json()
                .at("/state/lastSequence").asLong();
        awaitText(By.id("time-at"), "after event #" + thenSequence + " ");
        assertThat(browser.findElement(By.id("time-facts")).getText()).contains("u-76");
        assertThat(texts(By.cssSelector("#time-nodes tbody tr"))).anySatisfy(row -> assertThat(row).contains("7.5"));
        awaitText(By.id("live"), "live");
        ConsoleBrowser.screenshot(browser, "history");

        // the fleet with the upgrade
        browser.findElement(By.cssSelector("nav a[href='index.html']")).click();
        awaitText(By.cssSelector("tr[data-cluster='" + cluster + "']"), "COMPLETED");
        ConsoleBrowser.screenshot(browser, "fleet");
        log.info("console pages of {} saved", cluster);
    }

    @Test
    void anUpgradeAbortedFromThePageShowsItsReasonAsTextNotAsMarkup() {
        String cluster = register("console-" + UUID.randomUUID().toString().substring(0, 8));
        assertThat(fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","nodeId":"engine-1","action":"VERIFY_NODE","mode":"FAIL","times":1,
                 "retryable":false}""".formatted(cluster)).status()).isEqualTo(201);
        ApiClient.ApiResponse requested = commands.post("/api/v1/clusters/" + cluster + "/upgrades", """
                {"upgradeId":"u-x","targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"1"}""");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);

        String page = console + "upgrade.html?cluster=" + cluster + "&id=u-x";
        // a viewer may look, not act: the refusal's detail and type are shown, and nothing changes
        browser.get("about:blank");
        browser.get(page + "#access_token=" + TestIssuer.get().token("sre-eve", "viewer:cluster/" + cluster));
        awaitText(By.id("upgrade-status"), "PAUSED");
        browser.findElement(By.id("action-abort")).click();
        awaitText(By.id("action-outcome"), "Abort: refused: ");
        assertThat(browser.findElement(By.id("notice")).getText()).contains("urn:upgrade-ledger:problem:forbidden");
        assertThat(queries.get("/api/v1/clusters/" + cluster + "/upgrades/u-x").json().at("/upgrade/status")
                .asString()).isEqualTo("PAUSED");

        // an operator of the cluster aborts it, with a reason that looks like markup
        browser.get("about:blank");
        browser.get(page + "#access_token=" + TestIssuer.get().token("sre-bob", "operator:cluster/" + cluster));
        awaitText(By.id("who"), "signed in as sre-bob");
        awaitText(By.id("upgrade-status"), "PAUSED");
        String markup = "<img src=x onerror=\"window.injected=1\"><b>change freeze</b>";
        browser.findElement(By.id("reason")).sendKeys(markup);
        browser.findElement(By.id("action-abort")).click();
        awaitText(By.id("action-outcome"), "Abort: accepted (aborted)");
        awaitText(By.id("upgrade-status"), "ABORTED");
        awaitText(By.id("summary"), markup);
        assertThat(browser.findElements(By.cssSelector("#summary img, #summary b"))).isEmpty();
        assertThat(browser.executeScript("return window.injected === undefined")).isEqualTo(true);
        awaitAsserted(() -> assertThat(browser.findElement(By.id("action-abort")).isDisplayed()).isFalse());
    }

    @Test
    void anSrePausesAndResumesAnUpgradeAwaitingApprovalThenApprovesItByClicking() {
        String cluster = register("console-" + UUID.randomUUID().toString().substring(0, 8));
        ApiClient.ApiResponse requested = commands.post("/api/v1/clusters/" + cluster + "/upgrades", """
                {"upgradeId":"u-ok","targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"1",
                 "approvalBefore":[1]}""");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);

        browser.get("about:blank");
        browser.get(console + "upgrade.html?cluster=" + cluster + "&id=u-ok#access_token="
                + TestIssuer.get().token("sre-carol", "operator:cluster/" + cluster));
        awaitText(By.id("who"), "signed in as sre-carol");
        awaitText(By.id("upgrade-status"), "AWAITING_APPROVAL");
        awaitText(By.id("approval"), "approve batch 1");
        awaitText(By.id("live"), "live");
        markPage();
        assertThat(browser.findElement(By.id("action-pause")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("action-abort")).isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("action-resume")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("action-finalize")).isDisplayed()).isFalse();

        // paused while awaiting the approval: still pending; resumed: awaiting it again (not RUNNING)
        browser.findElement(By.id("reason")).sendKeys("change freeze");
        browser.findElement(By.id("action-pause")).click();
        awaitText(By.id("action-outcome"), "Pause: accepted (paused)");
        awaitText(By.id("upgrade-status"), "PAUSED");
        awaitAsserted(() -> assertThat(browser.findElement(By.id("action-resume")).isDisplayed()).isTrue());
        assertThat(browser.findElement(By.id("action-pause")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("approval")).isDisplayed()).as("pending while paused").isTrue();
        ConsoleBrowser.screenshot(browser, "upgrade-approval-paused");
        browser.findElement(By.id("action-resume")).click();
        awaitText(By.id("action-outcome"), "Resume: accepted (resumed)");
        awaitText(By.id("upgrade-status"), "AWAITING_APPROVAL");
        awaitAsserted(() -> assertThat(browser.findElement(By.id("action-pause")).isDisplayed()).isTrue());
        assertThat(queries.get("/api/v1/clusters/" + cluster + "/upgrades/u-ok").json().at("/upgrade/status")
                .asString()).isEqualTo("AWAITING_APPROVAL");

        // approved with a reason: the upgrade goes on to the end, live
        String step = browser.findElement(By.id("approval")).getAttribute("data-step");
        browser.findElement(By.id("approval-reason")).sendKeys("release notes read");
        browser.findElement(By.id("action-approve")).click();
        awaitText(By.id("action-outcome"), "Approve: accepted (approved)");
        awaitText(By.id("upgrade-status"), "COMPLETED");
        awaitAsserted(() -> assertThat(texts(By.cssSelector("#events .event")))
                .anySatisfy(line -> assertThat(line).contains("UpgradePaused", "(sre-carol)"))
                .anySatisfy(line -> assertThat(line).contains("UpgradeResumed", "(sre-carol)"))
                .anySatisfy(line -> assertThat(line).contains("UpgradeApproved " + step, "(sre-carol)"))
                .anySatisfy(line -> assertThat(line).contains("UpgradeCompleted")));
        assertThat(browser.findElement(By.id("approval")).isDisplayed()).isFalse();
        assertPageNotReloaded();
        assertThat(queries.get("/api/v1/clusters/" + cluster + "/history?type=UpgradeApproved").json()
                .at("/events/0/payload/reason").asString()).isEqualTo("release notes read");
        ConsoleBrowser.screenshot(browser, "upgrade-approved");
    }

    @Test
    void aLargeClustersNodesStepsAndPastStateComeInPagesThatMoreButtonsJoin() {
        // a cluster of 700 nodes (a page holds 500) with an upgrade of 2,100 steps awaiting its first approval
        String cluster = "console-large-" + UUID.randomUUID().toString().substring(0, 8);
        int size = 700;
        String nodes = java.util.stream.IntStream.rangeClosed(1, size).mapToObj(i -> """
                {"id":"engine-%04d","address":"10.1.%d.%d:8080","group":"zone-%d"}""".formatted(i, i / 250, i % 250,
                i % 3)).collect(java.util.stream.Collectors.joining(","));
        ApiClient.ApiResponse registered = commands.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"camunda","version":"7.5","nodes":[%s],
                 "catalog":{"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
                            "rules":{"noRollingAcrossLines":false}}}""".formatted(cluster, nodes));
        assertThat(registered.status()).as(registered.body()).isEqualTo(201);
        ApiClient.ApiResponse requested = commands.post("/api/v1/clusters/" + cluster + "/upgrades", """
                {"upgradeId":"u-large","targetVersion":"7.6","strategy":"ROLLING","maxUnavailable":"1",
                 "approvalBefore":[1]}""");
        assertThat(requested.status()).as(requested.body()).isEqualTo(201);
        await().atMost(LIVE).until(() -> queries.get("/api/v1/clusters/" + cluster + "/upgrades/u-large").status()
                == 200);
        String token = TestIssuer.get().token("sre-dana", "operator:cluster/" + cluster);

        // the cluster page: 500 nodes, then all 700 after "More nodes"
        browser.get("about:blank");
        browser.get(console + "cluster.html?id=" + cluster + "#access_token=" + token);
        awaitText(By.cssSelector("p.more"), "Showing 500 of " + size + " nodes");
        assertThat(browser.findElements(By.cssSelector("#node-table tbody tr"))).hasSize(500);
        awaitClick(By.id("more-nodes"));
        awaitAsserted(() -> assertThat(browser.findElements(By.cssSelector("#node-table tbody tr"))).hasSize(size));
        assertThat(browser.findElements(By.id("more-nodes"))).as("no more pages").isEmpty();
        assertThat(browser.findElement(By.cssSelector("tr[data-node='engine-0700']")).getText()).contains("7.5");

        // the upgrade page: the first 500 steps, then 1,000 after "More steps"
        browser.get("about:blank");
        browser.get(console + "upgrade.html?cluster=" + cluster + "&id=u-large#access_token=" + token);
        awaitText(By.id("upgrade-status"), "AWAITING_APPROVAL");
        int total = queries.get("/api/v1/clusters/" + cluster + "/upgrades/u-large").json()
                .at("/upgrade/counts/steps/total").asInt();
        assertThat(total).isGreaterThan(1_000);
        awaitText(By.cssSelector("p.more"), "Showing 500 of " + total + " steps");
        assertThat(browser.findElements(By.cssSelector("#step-table tbody tr[data-step]"))).hasSize(500);
        awaitClick(By.id("more-steps"));
        awaitText(By.cssSelector("p.more"), "Showing 1000 of " + total + " steps");
        assertThat(browser.findElements(By.cssSelector("#step-table tbody tr[data-step]"))).hasSize(1_000);

        // time travel to the registration: 500 of the 700 nodes as they were, then all after "More nodes"
        browser.get("about:blank");
        browser.get(console + "history.html?cluster=" + cluster + "#access_token=" + token);
        awaitText(By.id("time-at"), "after event #"); // the page's own first answer (now) is in: it cannot overwrite
        awaitClick(By.id("time-start"));
        awaitText(By.id("time-at"), "after event #0 ClusterRegistered");
        awaitText(By.cssSelector("#time-state p.more"), "Showing 500 of " + size + " nodes");
        assertThat(browser.findElements(By.cssSelector("#time-nodes tbody tr"))).hasSize(500);
        awaitClick(By.id("more-time-nodes"));
        awaitAsserted(() -> assertThat(browser.findElements(By.cssSelector("#time-nodes tbody tr"))).hasSize(size));
        assertThat(texts(By.cssSelector("#time-nodes tbody tr"))).allSatisfy(row -> assertThat(row).contains("7.5"));
        ConsoleBrowser.screenshot(browser, "large-cluster-past-state");

        ApiClient.ApiResponse aborted = commands.post("/api/v1/clusters/" + cluster + "/upgrades/u-large/abort",
                "{\"reason\":\"test over\"}");
        assertThat(aborted.status()).as(aborted.body()).isLessThan(300);
    }

    @Test
    void anSreWatchesAFleetUpgradeHaltLiveOnItsPage() {
        String prefix = "cfleet-" + UUID.randomUUID().toString().substring(0, 6);
        List<String> clusters = List.of(register(prefix + "-1"), register(prefix + "-2"), register(prefix + "-3"));
        // the canary is slow (the page opens while it runs); wave 1's cluster fails an upgrade step, wave 2 waits
        assertThat(fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","nodeId":"engine-1","action":"VERIFY_NODE","mode":"DELAY","times":1,
                 "delay":"8s"}""".formatted(clusters.get(0))).status()).isEqualTo(201);
        assertThat(fleet.post("/api/v1/simulated/faults", """
                {"clusterId":"%s","nodeId":"engine-2","action":"UPGRADE_NODE","mode":"FAIL","times":3,
                 "retryable":false}""".formatted(clusters.get(1))).status()).isEqualTo(201);
        String fleetId = prefix;
        ApiClient.ApiResponse started = commands.post("/api/v1/fleet-upgrades", """
                {"fleetId":"%s","selector":{"clusters":["%s","%s","%s"]},"targetVersion":"7.6",
                 "upgrade":{"strategy":"ROLLING","maxUnavailable":"1","maxAttempts":1},
                 "waves":{"canary":"1","waveSize":"1","maxConcurrent":2},"failureBudget":"0"}"""
                .formatted(fleetId, clusters.get(0), clusters.get(1), clusters.get(2)));
        assertThat(started.status()).as(started.body()).isEqualTo(201);
        await().atMost(LIVE).until(() -> queries.get("/api/v1/fleet-upgrades/" + fleetId).status() == 200);

        browser.get(console + "index.html#access_token=" + TestIssuer.get().token("sre-alice", "viewer:*"));
        awaitText(By.id("who"), "signed in as sre-alice");
        browser.get(console + "fleet-upgrade.html?id=" + fleetId);
        awaitText(By.id("live"), "live");
        markPage();
        // live: the canary settles, wave 1 starts, the failing cluster pauses and the budget of 0 halts the fleet
        awaitText(By.id("fleet-status"), "HALTED");
        awaitText(By.id("budget"), "1 used of 0 tolerated (0): exceeded");
        awaitText(By.id("halt-detail"), "the budget 0 tolerates 0");
        awaitText(By.id("halt-failed"), clusters.get(1));
        awaitAsserted(() -> assertThat(browser.findElement(By.cssSelector("tr[data-cluster='" + clusters.get(1)
                + "']")).getDomAttribute("data-state")).isEqualTo("PAUSED"));
        assertThat(browser.findElement(By.cssSelector("tr[data-cluster='" + clusters.get(2) + "']"))
                .getDomAttribute("data-state")).isEqualTo("PENDING");
        awaitAsserted(() -> assertThat(browser.findElement(By.cssSelector("tr[data-cluster='" + clusters.get(0)
                + "']")).getText()).contains("SUCCEEDED", "COMPLETED", "7.5 → 7.6"));
        assertThat(browser.findElement(By.id("wave-0")).getText()).contains("Wave 0 (canary)", "SETTLED");
        // the events came from the fleet's stream while the page was open (the log holds only live ones)
        awaitAsserted(() -> assertThat(texts(By.cssSelector("#events div"))).anySatisfy(line ->
                assertThat(line).contains("FleetUpgradeHalted", "failure-budget")));
        assertThat(texts(By.cssSelector("#events div"))).anySatisfy(line ->
                assertThat(line).contains("FleetClusterSettled", clusters.get(0), "SUCCEEDED"));
        // halted with wave 2 pending: no expected end, the step time measured on the canary
        awaitText(By.id("eta"), "measured");
        assertThat(browser.findElement(By.id("eta")).getText()).startsWith("none").contains("halted");
        assertPageNotReloaded();
        ConsoleBrowser.screenshot(browser, "fleet-upgrade-halted");

        // the list of fleet upgrades links to it
        browser.get(console + "fleet-upgrade.html");
        awaitClick(By.linkText(fleetId));
        awaitText(By.id("fleet-status"), "HALTED");
    }

    private static String register(String clusterId) {
        ApiClient.ApiResponse response = commands.post("/api/v1/clusters", """
                {"clusterId":"%s","product":"camunda","version":"7.5",
                 "nodes":[{"id":"engine-1","address":"10.0.0.1:8080","group":"zone-a"},
                          {"id":"engine-2","address":"10.0.0.2:8080","group":"zone-b"},
                          {"id":"engine-3","address":"10.0.0.3:8080","group":"zone-c"}],
                 "catalog":{"lines":[{"name":"7.5","versions":["7.5"]},{"name":"7.6","versions":["7.6"]}],
                            "rules":{"noRollingAcrossLines":false}}}""".formatted(clusterId));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).until(() -> queries.get("/api/v1/clusters/" + clusterId).status() == 200
                && fleet.get("/api/v1/simulated/clusters/" + clusterId).status() == 200);
        return clusterId;
    }

    /** Marks the page's window: the mark survives anything but a reload or a navigation. */
    private static void markPage() {
        browser.executeScript("window.consoleMark = 'unchanged';");
    }

    private static void assertPageNotReloaded() {
        assertThat(browser.executeScript("return window.consoleMark")).as("the page was not reloaded")
                .isEqualTo("unchanged");
    }

    private static WebElement awaitElement(By by) {
        return await().atMost(LIVE).ignoreExceptions().until(() -> browser.findElement(by), element -> true);
    }

    /** Clicks what may be redrawn meanwhile (live pages re-render their tables when events arrive). */
    private static void awaitClick(By by) {
        await().atMost(LIVE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            browser.findElement(by).click();
            return true;
        });
    }

    private static void awaitText(By by, String text) {
        awaitAsserted(() -> assertThat(browser.findElement(by).getText()).contains(text));
    }

    private static void awaitAsserted(ThrowingRunnable assertion) {
        await().atMost(LIVE).pollInterval(Duration.ofMillis(200)).ignoreExceptions().untilAsserted(assertion);
    }

    private static List<String> texts(By by) {
        return browser.findElements(by).stream().map(WebElement::getText).toList();
    }
}
