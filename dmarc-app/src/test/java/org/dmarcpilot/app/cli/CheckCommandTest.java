// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class CheckCommandTest {
  private static String dkim;

  @TempDir Path dir;

  @BeforeAll
  static void key() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    String key = Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
    dkim = "\"v=DKIM1; k=rsa; p=" + key.substring(0, 200) + "\" \"" + key.substring(200) + "\"";
  }

  /** A zone with a clean domain, one with warnings, one with errors and one whose DNS fails. */
  private Path zone() throws Exception {
    String z =
        """
        clean.example.                  TXT "v=spf1 ip4:192.0.2.0/24 -all"
        clean.example.                  MX  0 .
        _dmarc.clean.example.           TXT "v=DMARC1; p=reject; rua=mailto:d@reports.clean.example"
        reports.clean.example.          MX  10 mx.reports.clean.example.
        k1._domainkey.clean.example.    TXT DKIM
        _mta-sts.clean.example.         TXT "v=STSv1; id=1"
        _smtp._tls.clean.example.       TXT "v=TLSRPTv1; rua=mailto:t@clean.example"
        default._bimi.clean.example.    TXT "v=BIMI1; l=; a="
        warn.example.                   TXT "v=spf1 ip4:192.0.2.0/24 ?all"
        warn.example.                   MX  0 .
        _dmarc.warn.example.            TXT "v=DMARC1; p=none; rua=mailto:d@warn.example"
        k1._domainkey.warn.example.     TXT DKIM
        error.example.                  TXT "v=spf1 +all"
        error.example.                  A   192.0.2.1
        evil.example.                   TXT "v=spf1 \\027[2J -all"
        slow.example.                   TXT "v=spf1 -all"
        _dmarc.slow.example.            TIMEOUT
        """
            .replace("DKIM", dkim);
    Path f = dir.resolve("test.zone");
    Files.writeString(f, z);
    return f;
  }

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private Run check(String... more) throws Exception {
    List<String> args = new ArrayList<>(List.of("check", "--zone-file", zone().toString()));
    if (!List.of(more).contains("--color")) {
      args.addAll(List.of("--color", "never"));
    }
    args.addAll(List.of(more));
    return run(args.toArray(new String[0]));
  }

  @Test
  void check_clean_exit0() throws Exception {
    Run r = check("clean.example");
    assertThat(r.exit()).as(r.out()).isEqualTo(0);
    assertThat(r.out())
        .contains("== clean.example")
        .contains("0 errors, 0 warnings")
        .contains("DMARC record to keep: reject (p=reject)");
  }

  @Test
  void check_warnings_exit1() throws Exception {
    Run r = check("warn.example");
    assertThat(r.exit()).as(r.out()).isEqualTo(1);
    assertThat(r.out())
        .contains("WARNING")
        .contains("[spf.neutral-all]")
        .contains("[dmarc.p-none]")
        .contains("Fix: ")
        .contains("Seen: _dmarc.warn.example TXT")
        .contains("Next DMARC record: monitoring (p=none) -> quarantine in testing mode")
        .contains("\"v=DMARC1; p=quarantine; t=y; np=reject; rua=mailto:d@warn.example\"");
  }

  @Test
  void check_errors_exit2() throws Exception {
    Run r = check("error.example");
    assertThat(r.exit()).isEqualTo(2);
    assertThat(r.out()).contains("ERROR").contains("[spf.pass-all]").contains("[dmarc.missing]");
  }

  @Test
  void check_dnsFailure_exit3EvenWithErrors() throws Exception {
    Run r = check("slow.example", "error.example");
    assertThat(r.exit()).isEqualTo(3);
    assertThat(r.out()).contains("[dns.tempfail]").contains("results above are incomplete");
  }

  @Test
  void check_manyDomains_keepOrderAndSummary() throws Exception {
    Run r = check("--jobs", "3", "warn.example", "clean.example", "error.example");
    String out = r.out();
    assertThat(out.indexOf("== warn.example")).isLessThan(out.indexOf("== clean.example"));
    assertThat(out.indexOf("== clean.example")).isLessThan(out.indexOf("== error.example"));
    assertThat(out).contains("Summary");
    assertThat(r.exit()).isEqualTo(2);
  }

  @Test
  void check_json() throws Exception {
    Run r = check("--json", "warn.example", "clean.example");
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(json.get("exitCode").asInt()).isEqualTo(1);
    JsonNode warn = json.get("domains").get(0);
    assertThat(warn.get("domain").asText()).isEqualTo("warn.example");
    assertThat(warn.get("summary").get("warning").asInt()).isPositive();
    JsonNode f = warn.get("findings").get(0);
    for (String field :
        List.of("id", "severity", "section", "title", "explanation", "fix", "evidence")) {
      assertThat(f.has(field)).as(field).isTrue();
    }
    assertThat(warn.get("recommendation").get("record").asText())
        .startsWith("v=DMARC1; p=quarantine; t=y");
    assertThat(warn.get("records").get("DMARC").get(0).asText()).contains("p=none");
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void check_colour() throws Exception {
    assertThat(check("warn.example").out()).doesNotContain("\u001b[");
    assertThat(check("--color", "always", "warn.example").out()).contains("\u001b[33m");
  }

  @Test
  void check_hostileDnsData_escaped() throws Exception {
    Run r = check("--color", "never", "evil.example");
    assertThat(r.out()).doesNotContain("\u001b").contains("\\u001b[2J");
    Run colour = check("--color", "always", "evil.example");
    assertThat(colour.out()).doesNotContain("\u001b[2J");
  }

  @Test
  void check_selectorAndParked() throws Exception {
    Run r = check("--selector", "missing", "--parked", "clean.example");
    assertThat(r.out())
        .contains("[dkim.selector-missing]")
        .contains("p=reject; sp=reject; np=reject");
    assertThat(r.exit()).isEqualTo(2);
  }

  @Test
  void check_badZoneFile_exit64() throws Exception {
    Path bad = dir.resolve("bad.zone");
    Files.writeString(bad, "x.example. TXT \"unterminated\n");
    Run r = run("check", "--zone-file", bad.toString(), "x.example");
    assertThat(r.exit()).isEqualTo(64);
    assertThat(r.err()).contains("bad.zone: line 1: unterminated quoted string");
  }

  @Test
  void check_usageErrors_exit64() throws Exception {
    assertThat(run("check").exit()).isEqualTo(64);
    assertThat(run("check", "--bogus", "x.example").exit()).isEqualTo(64);
    Run r = run("check", "--dns", "dns.example.com", "x.example");
    assertThat(r.exit()).isEqualTo(64);
    assertThat(r.err()).contains("must be an IP address");
    assertThat(run("check", "--zone-file", dir.resolve("missing").toString(), "x.example").exit())
        .isEqualTo(64);
    assertThat(check("--color", "sometimes", "x.example").exit()).isEqualTo(64);
    Run ca =
        run(
            "check",
            "--dns",
            "127.0.0.1",
            "--bimi-ca",
            dir.resolve("nope.pem").toString(),
            "x.example");
    assertThat(ca.exit()).isEqualTo(64);
    assertThat(ca.err()).contains("cannot read").contains("nope.pem");
    Path garbage = dir.resolve("garbage.pem");
    Files.writeString(
        garbage, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
    Run bad = run("check", "--dns", "127.0.0.1", "--bimi-ca", garbage.toString(), "x.example");
    assertThat(bad.exit()).isEqualTo(64);
    assertThat(bad.err()).contains("garbage.pem");
    assertThat(check("--bimi-ca", garbage.toString(), "x.example").err())
        .contains("--bimi-ca needs HTTPS");
    Run slow = run("check", "--dns", "127.0.0.1", "--smtp-timeout", "5", "x.example");
    assertThat(slow.exit()).isEqualTo(64);
    assertThat(slow.err()).contains("--smtp-timeout must be 100 to 120000");
  }

  @Test
  void check_approvedLists() throws Exception {
    Run r =
        check(
            "--approved-mx",
            "mx1.example,mx2.example",
            "--approved-ns",
            "ns.example",
            "warn.example");
    assertThat(r.out()).doesNotContain("[mx.unapproved]"); // a null MX names no host
    Path z = dir.resolve("mx.zone");
    Files.writeString(z, "a.example. MX 10 other.example.\na.example. NS ns9.example.\n");
    Run r2 =
        run(
            "check",
            "--zone-file",
            z.toString(),
            "--approved-mx",
            "mx1.example",
            "--approved-ns",
            "ns.example",
            "a.example");
    assertThat(r2.out())
        .contains("[mx.unapproved]")
        .contains("Unapproved mail host: other.example")
        .contains("[ns.unapproved]");
  }

  @Test
  void check_pslMode() throws Exception {
    Run r = check("--psl", "--json", "warn.example");
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void check_help_listsExitCodes() {
    Run r = run("check", "--help");
    assertThat(r.exit()).isEqualTo(0);
    assertThat(r.out())
        .contains("--zone-file")
        .contains("Exit codes:")
        .contains("3    a DNS query");
  }

  @Test
  void exitCode_worstDomainWins() {
    assertThat(CheckCommand.exitCode(List.of())).isZero();
  }
}
