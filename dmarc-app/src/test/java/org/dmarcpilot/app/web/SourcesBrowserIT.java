// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dmarcpilot.app.web.testing.Chromium;
import org.dmarcpilot.app.web.testing.SourcesServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Settings → Ingestion sources in a real browser (Debian's headless Chromium): a watched folder is
 * added through the form (the page names the folders allowed, {@code web.folder-roots}), shows up
 * running, and its report is stored; screenshots of the Settings sources page and the Ingestion
 * page are saved under target/screenshots.
 */
class SourcesBrowserIT {
  @TempDir Path dir;

  @Test
  void settings_addWatchedFolder_runsAndShowsOnTheIngestionPage() throws Exception {
    Path watched = Files.createDirectories(dir.resolve("incoming <reports>"));
    Files.writeString(
        watched.resolve("r.xml"),
        SourcesIT.report("browser-1", "192.0.2.30"),
        StandardCharsets.UTF_8);
    try (SourcesServer server =
        new SourcesServer(Files.createDirectories(dir.resolve("data")), List.of(), List.of(dir))) {
      ChromeDriver driver = Chromium.start(Files.createDirectories(dir.resolve("profile")));
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        String base = server.app().uri().toString().replaceAll("/$", "");
        driver.get(base + "/settings");
        driver.findElement(By.id("username")).sendKeys("admin");
        driver.findElement(By.id("password")).sendKeys(server.adminPassword());
        driver.findElement(By.id("login-submit")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("manage-sources"))).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("add-folder-form")));
        assertThat(driver.findElement(By.id("folder-roots")).getText()).contains(dir.toString());

        var form = driver.findElement(By.id("add-folder-form"));
        form.findElement(By.name("path")).sendKeys(watched.toString());
        var interval = form.findElement(By.name("interval"));
        interval.clear();
        interval.sendKeys("5");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        var message =
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sources-message")));
        assertThat(message.getText()).isEqualTo("Added " + watched + "; it runs now.");
        assertThat(driver.findElement(By.id("folders-table")).getText())
            .contains(watched.toString());
        Chromium.screenshot(driver, "sources-01-settings-folder-added");

        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        // the store commits first; the source's counts follow with the next progress tick
        while (server.ingest().supervisor().state("settings-1").orElseThrow().reportsStored() < 1
            && System.nanoTime() < until) {
          Thread.sleep(200);
        }
        assertThat(server.store().totals().reports()).isEqualTo(1);
        driver.get(base + "/ingestion");
        var row = driver.findElement(By.cssSelector("tr[data-source='settings-1']"));
        assertThat(row.getText()).contains(watched.toString());
        assertThat(row.findElement(By.cssSelector("[data-field=stored]")).getText()).isEqualTo("1");
        Chromium.screenshot(driver, "sources-02-ingestion");
        driver.get(base + "/settings/sources");
        Chromium.screenshot(driver, "sources-03-settings-after-run");
      } finally {
        driver.quit();
      }
    }
  }
}
