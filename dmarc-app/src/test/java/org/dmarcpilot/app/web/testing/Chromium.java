// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium and ChromeDriver, headless, with a fresh profile and no background traffic.
 * Skips (or fails under {@code -Ddmarc.services.required=true}) when they are not installed.
 */
public final class Chromium {
  /** The browser. */
  public static final Path BROWSER = Path.of("/usr/bin/chromium");

  /** The driver. */
  public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  private Chromium() {}

  /** Starts a headless browser; the caller quits it. */
  public static ChromeDriver start(Path profile) {
    RequiredService.require(
        Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER),
        "Chromium and ChromeDriver (" + BROWSER + ", " + DRIVER + ")");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-gpu",
        "--no-first-run",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--user-data-dir=" + profile.toAbsolutePath());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }

  /** Saves a screenshot as target/screenshots/NAME.png and returns its path. */
  public static Path screenshot(ChromeDriver driver, String name) throws IOException {
    Path dir =
        Path.of(System.getProperty("project.build.directory", "target")).resolve("screenshots");
    Files.createDirectories(dir);
    File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
    Path target = dir.resolve(name + ".png");
    Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    return target;
  }
}
