// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dmarcpilot.app.ingest.ImapSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SourceValidatorTest {
  @TempDir Path dir;

  private static SourceForm imapForm(
      String host, String port, String security, String password, String folder, String done) {
    return new SourceForm(
        "",
        "",
        "60",
        host,
        port,
        security,
        "dmarc",
        password,
        folder,
        "move",
        done,
        "DMARC/failed",
        true,
        false);
  }

  /** The test's folder allowed; the data directory elsewhere. */
  private FolderRoots roots() {
    return new FolderRoots(List.of(dir), Path.of("/nonexistent/dmarcpilot-data"), List.of());
  }

  @Test
  void folder_outsideTheRoots_refusedWithoutSayingWhetherItExists() throws Exception {
    Path outside = Files.createTempDirectory("dmarcpilot-outside-");
    try {
      for (String p :
          List.of(outside.toString(), outside.resolve("missing").toString(), dir + "/../x")) {
        assertThat(invalidFolder(SourceForms.folder("", p, "30", true)).errors().get("path"))
            .as(p)
            .contains("is not inside a folder the administrator allows (web.folder-roots): " + dir)
            .doesNotContain("exist");
      }
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void folder_linkInsideTheRootToOutside_refused_linkToInside_storedAsTheRealPath()
      throws Exception {
    Path outside = Files.createTempDirectory("dmarcpilot-outside-");
    try {
      Path out = Files.createSymbolicLink(dir.resolve("out"), outside);
      assertThat(invalidFolder(SourceForms.folder("", out.toString(), "30", true)).errors())
          .containsEntry(
              "path",
              "The folder "
                  + out
                  + " (really "
                  + outside.toRealPath()
                  + ") is not inside a folder the administrator allows (web.folder-roots): "
                  + dir
                  + ".");
      Path real = Files.createDirectory(dir.resolve("real"));
      Path in = Files.createSymbolicLink(dir.resolve("in"), real);
      assertThat(
              SourceValidator.folder(SourceForms.folder("", in.toString(), "30", true), roots())
                  .setting()
                  .folder())
          .isEqualTo(real.toRealPath());
    } finally {
      Files.delete(outside);
    }
  }

  @Test
  void folder_theDataDirectoryInsideOrAbove_refused() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data/geoip"));
    FolderRoots roots = new FolderRoots(List.of(dir), dir.resolve("data"), List.of());
    for (Path p : List.of(dir, dir.resolve("data"), data)) {
      SourceForm f = SourceForms.folder("", p.toString(), "30", true);
      assertThat(
              catchThrowableOfType(
                      InvalidSourceException.class, () -> SourceValidator.folder(f, roots))
                  .errors()
                  .get("path"))
          .as(p.toString())
          .contains("the data directory of DMARC Pilot (" + dir.resolve("data") + ")")
          .contains("it can never be watched");
    }
  }

  @Test
  void folder_noRoots_refusedNamingTheKey() throws Exception {
    FolderRoots none = new FolderRoots(List.of(), dir.resolve("data"), List.of());
    InvalidSourceException e =
        catchThrowableOfType(
            InvalidSourceException.class,
            () -> SourceValidator.folder(SourceForms.folder("", dir.toString(), "30", true), none));
    assertThat(e.errors().get("path"))
        .startsWith("Watching a folder from the dashboard is turned off")
        .contains("web.folder-roots (DMARCPILOT_WEB_FOLDER_ROOTS)");
  }

  private InvalidSourceException invalidFolder(SourceForm f) {
    return catchThrowableOfType(
        InvalidSourceException.class, () -> SourceValidator.folder(f, roots()));
  }

  private static InvalidSourceException invalidImap(SourceForm f) {
    return catchThrowableOfType(InvalidSourceException.class, () -> SourceValidator.imap(f, true));
  }

  @Test
  void folder_existingReadable_valid() throws Exception {
    SourceValidator.Valid v =
        SourceValidator.folder(SourceForms.folder("", dir.toString(), "30", true), roots());
    assertThat(v.setting().folder()).isEqualTo(dir);
    assertThat(v.setting().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(v.setting().kind()).isEqualTo("folder");
    assertThat(v.setting().enabled()).isTrue();
  }

  @Test
  void folder_missingRelativeFileOrEmpty_namedProblem() throws Exception {
    assertThat(
            invalidFolder(SourceForms.folder("", dir.resolve("nope").toString(), "30", true))
                .errors())
        .containsEntry(
            "path", "The folder " + dir.resolve("nope") + " does not exist on the server.");
    assertThat(
            invalidFolder(SourceForms.folder("", "relative/dir", "30", true)).errors().get("path"))
        .contains("absolute path");
    Path file = Files.writeString(dir.resolve("f.txt"), "x");
    assertThat(
            invalidFolder(SourceForms.folder("", file.toString(), "30", true)).errors().get("path"))
        .isEqualTo(file + " is not a folder.");
    assertThat(invalidFolder(SourceForms.folder("", "", "30", true)).errors()).containsKey("path");
    assertThat(
            invalidFolder(SourceForms.folder("", "/tmp/a\u0000b", "30", true)).errors().get("path"))
        .contains("control characters");
  }

  @Test
  void folder_unreadable_named() throws Exception {
    Path locked = Files.createDirectory(dir.resolve("locked"));
    if (!locked.toFile().setReadable(false) || Files.isReadable(locked)) {
      return; // running as root: every folder is readable
    }
    try {
      assertThat(
              invalidFolder(SourceForms.folder("", locked.toString(), "30", true))
                  .errors()
                  .get("path"))
          .contains("cannot read");
    } finally {
      locked.toFile().setReadable(true);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "4", "86401", "abc", "", "1.5"})
  void folder_badInterval_named(String interval) {
    assertThat(invalidFolder(SourceForms.folder("", dir.toString(), interval, true)).errors())
        .containsEntry("interval", "The interval must be a whole number from 5 to 86400.");
  }

  @Test
  void imap_complete_valid() throws Exception {
    SourceValidator.Valid v =
        SourceValidator.imap(
            imapForm("IMAP.Example.com", "", "starttls", "pw", "INBOX", "Done"), true);
    ImapAccount a = v.setting().imap();
    assertThat(a.host()).isEqualTo("imap.example.com");
    assertThat(a.security()).isEqualTo(ImapSettings.Security.STARTTLS);
    assertThat(a.effectivePort()).isEqualTo(143);
    assertThat(v.password()).isEqualTo("pw");
    assertThat(v.setting().name()).isEqualTo("dmarc@imap.example.com");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"192.0.2.1", "[2001:db8::1]", "2001:db8::1", "mail-1.example", "localhost"})
  void imap_hostNamesAndAddresses_valid(String host) throws Exception {
    assertThat(
            SourceValidator.imap(imapForm(host, "993", "tls", "pw", "INBOX", "D"), true).setting())
        .isNotNull();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not a host",
        "-bad.example",
        "bad-.example",
        "a..b",
        "999.1.1.1",
        "ex_ample/x",
        "<script>"
      })
  void imap_badHost_named(String host) {
    assertThat(invalidImap(imapForm(host, "", "tls", "pw", "INBOX", "D")).errors())
        .containsEntry(
            "host", "The host must be a host name (like imap.example.com) or an IP address.");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65536", "-1", "imap", "99999999999"})
  void imap_badPort_named(String port) {
    assertThat(invalidImap(imapForm("imap.example.com", port, "tls", "pw", "INBOX", "D")).errors())
        .containsEntry("port", "The port must be a whole number from 1 to 65535.");
  }

  @ParameterizedTest
  @CsvSource({
    "imap.example.com, true",
    "192.0.2.1, true",
    "127.0.0.1, false",
    "::1, false",
    "localhost, false"
  })
  void imap_securityNone_onlyOnLoopback(String host, boolean refused) {
    SourceForm f = imapForm(host, "143", "none", "pw", "INBOX", "D");
    InvalidSourceException e = invalidImap(f);
    assertThat(e != null && e.errors().containsKey("security")).isEqualTo(refused);
  }

  @Test
  void imap_unknownSecurityAfterAndMissingPassword_named() {
    SourceForm f =
        new SourceForm(
            "",
            "",
            "60",
            "imap.example.com",
            "",
            "ssl3",
            "dmarc",
            "",
            "INBOX",
            "delete",
            "D",
            "F",
            true,
            false);
    assertThat(invalidImap(f).errors())
        .containsEntry("security", "Security must be TLS or STARTTLS.")
        .containsEntry("after", "After storing, a message is either moved or flagged.")
        .containsEntry("password", "The password is required.");
  }

  @Test
  void imap_emptyPasswordWhenEditing_meansUnchanged() throws Exception {
    SourceValidator.Valid v =
        SourceValidator.imap(imapForm("imap.example.com", "", "tls", "", "INBOX", "D"), false);
    assertThat(v.password()).isNull();
  }

  @Test
  void imap_foldersWithWildcardsOrTheSameAsRead_named() {
    assertThat(invalidImap(imapForm("imap.example.com", "", "tls", "pw", "IN*", "D")).errors())
        .containsEntry("folder", "The folder must not contain * or % (IMAP wildcards).");
    assertThat(
            invalidImap(imapForm("imap.example.com", "", "tls", "pw", "INBOX", "inbox")).errors())
        .containsEntry("done_folder", "The done folder must differ from the folder read.");
  }

  @Test
  void imap_controlCharactersInUserOrPassword_named() {
    SourceForm f =
        new SourceForm(
            "",
            "",
            "60",
            "imap.example.com",
            "",
            "tls",
            "a\nb",
            "p\r\nw",
            "INBOX",
            "move",
            "D",
            "F",
            true,
            false);
    assertThat(invalidImap(f).errors()).containsKeys("user", "password");
  }

  private static SourceForm posted(java.util.Map<String, String> fields) {
    return SourceForm.from(fields::get);
  }

  private static java.util.Map<String, String> imapFields(String security) {
    java.util.Map<String, String> m = new java.util.HashMap<>();
    m.put("host", "IMAP.Example.com");
    m.put("security", security);
    m.put("user", "dmarc");
    m.put("password", "pw");
    m.put("folder", "INBOX");
    m.put("after", "move");
    m.put("enabled", "on");
    return m;
  }

  @Test
  void form_trustCheckbox_presentMeansOnAbsentMeansOff() {
    java.util.Map<String, String> fields = imapFields("tls");
    assertThat(posted(fields).trust()).isFalse();
    fields.put("trust", "on");
    assertThat(posted(fields).trust()).isTrue();
    assertThat(SourceForm.empty().trust()).isFalse();
  }

  @Test
  void imap_trustChecked_storedWithTheAccountAndTrustsItsHostOnly() throws Exception {
    java.util.Map<String, String> fields = imapFields("starttls");
    fields.put("trust", "on");
    SourceValidator.Valid v = SourceValidator.imap(posted(fields), true);
    ImapAccount a = v.setting().imap();
    assertThat(a.trustCertificate()).isTrue();
    assertThat(a.trustHosts()).isEqualTo("imap.example.com");
    SourceSetting stored = new SourceSetting(7, "n", true, Duration.ofMinutes(5), null, a);
    assertThat(
            ManagedSources.settings(
                    stored, new AccountSecrets.Login("pw", ImapSettings.Auth.PASSWORD))
                .trustHosts())
        .isEqualTo("imap.example.com");
    // the edit form shows the box checked again
    assertThat(SourceForm.of(stored).trust()).isTrue();
  }

  @Test
  void imap_trustUnchecked_trustsNoHost() throws Exception {
    SourceValidator.Valid v = SourceValidator.imap(posted(imapFields("tls")), true);
    ImapAccount a = v.setting().imap();
    assertThat(a.trustCertificate()).isFalse();
    assertThat(a.trustHosts()).isEmpty();
    SourceSetting stored = new SourceSetting(7, "n", true, Duration.ofMinutes(5), null, a);
    assertThat(
            ManagedSources.settings(
                    stored, new AccountSecrets.Login("pw", ImapSettings.Auth.PASSWORD))
                .trustHosts())
        .isEmpty();
    assertThat(SourceForm.of(stored).trust()).isFalse();
  }

  @Test
  void imap_trustWithSecurityNone_named() {
    java.util.Map<String, String> fields = imapFields("none");
    fields.put("host", "127.0.0.1");
    fields.put("trust", "on");
    assertThat(invalidImap(posted(fields)).errors())
        .containsOnlyKeys("trust")
        .containsEntry(
            "trust",
            "Security 'none' uses no certificate: choose TLS or STARTTLS to trust a self-signed"
                + " one.");
  }
}
