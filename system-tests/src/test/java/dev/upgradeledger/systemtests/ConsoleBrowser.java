package dev.upgradeledger.systemtests;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven through chromium-driver (Debian's {@code chromium} and {@code chromium-driver};
 * {@code .ci/run} installs them). Where either is missing, a test fails in CI ({@code CI} set) and is aborted (shown as
 * skipped, with the reason) on a developer's machine.
 */
final class ConsoleBrowser {

    private ConsoleBrowser() {
    }

    /** Fails or aborts the calling test when the browser or its driver is missing. */
    static void requireInstalled() {
        if (executable("chromium", "chromium-browser").isPresent()
                && executable("chromedriver").isPresent()) {
            return;
        }
        String message = "chromium and chromedriver are not installed (apt-get install chromium chromium-driver):"
                + " the SRE console was not tested in a browser";
        if (System.getenv("CI") != null) {
            fail(message + ", and CI must test it");
        }
        abort(message);
    }

    static ChromeDriver start() {
        requireInstalled();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium", "chromium-browser").orElseThrow().toFile());
        // --no-sandbox: CI containers run as root, where Chromium's sandbox cannot start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,1000", "--lang=en", "--force-device-scale-factor=1");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(executable("chromedriver").orElseThrow().toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return driver;
    }

    /** Saves the whole page (the window grown to the page's height) as {@code <directory>/<name>.png}. */
    static Path screenshot(ChromeDriver driver, String name) {
        Path directory = Path.of(System.getProperty("ledger.console.screenshots", "target/console-screenshots"));
        Dimension window = driver.manage().window().getSize();
        Number height = (Number) driver.executeScript("return document.documentElement.scrollHeight");
        driver.manage().window().setSize(new Dimension(window.getWidth(),
                Math.min(4000, Math.max(window.getHeight(), height.intValue() + 40))));
        try {
            Files.createDirectories(directory);
            Path file = directory.resolve(name + ".png");
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), file, StandardCopyOption.REPLACE_EXISTING);
            file.toFile().setReadable(true, false);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(window);
        }
    }

    private static Optional<Path> executable(String... names) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : List.of(names)) {
                Path candidate = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }
}
