// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/checkdmarc-coverage.md} true: every check id in its table exists and has a test
 * case, every test class it names exists; and the rows whose test is this class are tested here.
 */
class CheckdmarcCoverageTest {
  private static final Path DOC = Path.of("..", "docs", "checkdmarc-coverage.md");
  private static final Pattern ID = Pattern.compile("`([a-z0-9-]+\\.[a-z0-9.-]+)`");

  private static List<String[]> rows() throws IOException {
    List<String[]> rows = new ArrayList<>();
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      if (line.startsWith("| ") && !line.startsWith("| checkdmarc |")) {
        String[] cells = line.split("\\|", -1);
        rows.add(new String[] {cells[1].strip(), cells[2].strip(), cells[3].strip()});
      }
    }
    return rows;
  }

  @Test
  void everyIdInTheTableExistsAndHasATestCase() throws IOException {
    Set<String> known = new HashSet<>();
    for (CheckId id : CheckId.values()) {
      known.add(id.id());
    }
    Set<CheckId> tested = EnumSet.noneOf(CheckId.class);
    DomainAuditTest.CASES.forEach(c -> tested.add(c.id()));
    TransportAuditTest.CASES.forEach(c -> tested.add(c.id()));
    Set<String> testedIds = new HashSet<>();
    tested.forEach(c -> testedIds.add(c.id()));
    List<String[]> rows = rows();
    assertThat(rows).hasSizeGreaterThan(90);
    int ids = 0;
    for (String[] row : rows) {
      Matcher m = ID.matcher(row[1]);
      while (m.find()) {
        ids++;
        assertThat(known).as("row %s", row[0]).contains(m.group(1));
        assertThat(testedIds).as("row %s", row[0]).contains(m.group(1));
      }
    }
    assertThat(ids).isGreaterThan(90);
  }

  @Test
  void everyTestClassNamedExists() throws IOException {
    Set<String> classes = new HashSet<>();
    for (Path root : List.of(Path.of("src/test/java"), Path.of("../dmarc-app/src/test/java"))) {
      assertThat(root).isDirectory();
      try (Stream<Path> s = Files.walk(root)) {
        s.forEach(p -> classes.add(p.getFileName().toString().replace(".java", "")));
      }
    }
    for (String[] row : rows()) {
      for (String name : row[2].split(",")) {
        String n = name.strip();
        if (!n.isEmpty() && !n.equals("—")) {
          assertThat(classes).as("row %s", row[0]).contains(n);
        }
      }
    }
  }

  private static AuditReport audit(String overrides) {
    return new DomainAudit(
            InMemoryDnsResolver.fromZone(AuditZones.with(overrides)), AuditOptions.defaults())
        .audit("example.com");
  }

  private static final String APEX_SPF = "example.com. TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n";

  @Test
  void mtaStsRecordAtTheApex_isReported() {
    AuditReport r = audit(APEX_SPF + "example.com. TXT \"v=STSv1; id=1\"");
    assertThat(r.findings())
        .anySatisfy(
            f -> {
              assertThat(f.id()).isEqualTo("mta-sts.syntax");
              assertThat(f.title())
                  .isEqualTo(
                      "A v=STSv1 record is published at example.com instead of"
                          + " _mta-sts.example.com");
            });
  }

  @Test
  void tlsRptRecordAtTheApex_isReported() {
    AuditReport r = audit(APEX_SPF + "example.com. TXT \"v=TLSRPTv1; rua=mailto:t@example.com\"");
    assertThat(r.findings())
        .anySatisfy(
            f -> {
              assertThat(f.id()).isEqualTo("tls-rpt.syntax");
              assertThat(f.title()).contains("instead of _smtp._tls.example.com");
            });
  }

  @Test
  void microsoftPlaceholderMx_getsTheHint() {
    AuditReport r = audit("example.com. MX 10 example-com.msv1.invalid.");
    assertThat(r.findings())
        .anySatisfy(
            f -> {
              assertThat(f.id()).isEqualTo("mx.host-no-address");
              assertThat(f.fix()).contains("Microsoft 365");
            });
  }

  @Test
  void invalidFoPsdAndT_areInvalidValues() {
    for (String tag : List.of("fo=2", "psd=x", "t=maybe")) {
      AuditReport r =
          audit(
              "_dmarc.example.com. TXT \"v=DMARC1; p=reject; "
                  + tag
                  + "; rua=mailto:dmarc@example.com\"");
      assertThat(r.findings())
          .as(tag)
          .anySatisfy(
              f -> {
                assertThat(f.id()).isEqualTo("dmarc.invalid-value");
                assertThat(f.title()).contains(tag.substring(0, tag.indexOf('=')));
              });
    }
  }
}
