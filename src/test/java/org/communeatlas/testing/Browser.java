package org.communeatlas.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium driven by Selenium: headless, nothing downloaded (chromedriver from the system,
 * Selenium Manager offline), a fresh profile per browser. Desktop at 1366×768; phone at 390×844 with
 * touch, through Chromium's device emulation (a headless window cannot be narrower than 500 px).
 */
public final class Browser implements AutoCloseable {

    public enum Size { DESKTOP, PHONE }

    private final WebDriver driver;
    private final Size size;
    private final Path profile;

    private Browser(Size size) {
        this(size, Map.of());
    }

    /** @param environment variables for chromedriver and the browser (a HOME whose NSS database trusts a local authority) */
    private Browser(Size size, Map<String, String> environment) {
        System.setProperty("webdriver.chrome.driver", "/usr/bin/chromedriver");
        System.setProperty("SE_OFFLINE", "true");
        this.size = size;
        try {
            this.profile = Files.createTempDirectory("atlas-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--lang=vi-VN");
        if (size == Size.PHONE) {
            options.setExperimentalOption("mobileEmulation", Map.of(
                    "deviceMetrics", Map.of("width", 390, "height", 844, "pixelRatio", 1.0, "touch", true, "mobile", true),
                    "userAgent", "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Mobile Safari/537.36"));
        } else {
            options.addArguments("--window-size=1366,768");
        }
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        this.driver = environment.isEmpty() ? new ChromeDriver(options)
                : new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File("/usr/bin/chromedriver"))
                        .usingAnyFreePort().withEnvironment(environment).build(), options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    public static Browser open(Size size) {
        return new Browser(size);
    }

    /** A browser started with these environment variables (HOME: where Chromium finds its NSS database of trusted authorities). */
    public static Browser open(Size size, Map<String, String> environment) {
        return new Browser(size, environment);
    }

    public WebDriver driver() {
        return driver;
    }

    public Size size() {
        return size;
    }

    public void get(String url) {
        driver.get(url);
    }

    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Runs an async script: the page calls the callback (last argument) with the result. */
    public Object jsAsync(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(script, args);
    }

    /** Waits until a script returns a truthy value. */
    public void waitFor(String condition, Duration timeout) {
        new WebDriverWait(driver, timeout).until(d -> {
            Object r = ((JavascriptExecutor) d).executeScript("return (" + condition + ");");
            return r != null && !Boolean.FALSE.equals(r) && !Long.valueOf(0).equals(r) ? r : null;
        });
    }

    /** Signs in through the map's own form and waits until the page knows who is signed in. */
    public void signIn(String username, String password) {
        find("#sign-in").click();
        find("#login-username").sendKeys(username);
        find("#login-password").sendKeys(password);
        find("#login-form button[type='submit']").click();
        waitFor("document.getElementById('who')", Duration.ofSeconds(30));
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    public long count(String css) {
        return ((Number) js("return document.querySelectorAll(arguments[0]).length;", css)).longValue();
    }

    /** Saves a screenshot under target/screenshots for review. */
    public Path screenshot(String name) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "screenshots"));
            Path file = dir.resolve(name + "-" + size.name().toLowerCase() + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console errors (SEVERE entries) since the last call. */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    @Override
    public void close() {
        driver.quit();
        try (var walk = Files.walk(profile)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover profile in /tmp is harmless
        }
    }
}
