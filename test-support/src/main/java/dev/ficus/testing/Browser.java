package dev.ficus.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for a test class: Debian's headless Chromium, driven by Selenium through Debian's
 * chromedriver (nothing is downloaded), in a fresh profile, kept off the network but for loopback.
 */
public final class Browser implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private final ChromeDriver driver;
  private final Path profile;

  private Browser(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** A headless Chromium with a window of {@code width} by {@code height}. */
  public static Browser start(int width, int height) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(DRIVER)) {
      throw new IllegalStateException(
          "headless Chromium needs Debian's chromium and chromium-driver packages (.ci/setup"
              + " installs them)");
    }
    try {
      Path profile = Files.createTempDirectory("ficus-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-quic",
          "--user-data-dir=" + profile,
          "--window-size=" + width + "," + height);
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(DRIVER.toFile())
              .usingAnyFreePort()
              .build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().window().setSize(new Dimension(width, height));
      driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
      return new Browser(driver, profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Saves what the window shows now as a PNG, for a person to look at. */
  public Path screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves the whole page, beyond what the window shows, as a PNG. */
  public Path fullPageScreenshot(Path file) {
    Object size =
        driver.executeScript(
            "return [document.documentElement.scrollWidth, document.documentElement.scrollHeight]");
    java.util.List<?> dimensions = (java.util.List<?>) size;
    Map<String, Object> clip =
        Map.of(
            "x", 0,
            "y", 0,
            "width", ((Number) dimensions.get(0)).intValue(),
            "height", ((Number) dimensions.get(1)).intValue(),
            "scale", 1);
    Map<String, Object> shot =
        driver.executeCdpCommand(
            "Page.captureScreenshot",
            Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, java.util.Base64.getDecoder().decode((String) shot.get("data")));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resizes the window, e.g. to a phone's width. */
  public void resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      } catch (IOException e) {
        // a temporary profile; it goes with the machine's temporary files
      }
    }
  }
}
