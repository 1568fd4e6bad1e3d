// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.DnssecLookup;
import org.dmarcpilot.dns.DnssecStatus;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.dmarcpilot.dns.TlsaAnswer;
import org.dmarcpilot.dns.ZoneSigning;
import org.dmarcpilot.testing.TestPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The checks that need more than DNS: STARTTLS on the mail hosts, DNSSEC and DANE, the BIMI logo
 * and mark certificate. The fetchers are given in memory (the network versions have their own
 * integration tests); the certificates are real ones made by keytool. One case per check, as in
 * {@link DomainAuditTest}, whose completeness test counts these cases too.
 */
class TransportAuditTest {
  static final String GOOD_SVG =
      "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny-ps\""
          + " viewBox=\"0 0 100 100\"><title>Example Brand</title>"
          + "<circle cx=\"50\" cy=\"50\" r=\"40\" fill=\"#c00\"/></svg>";
  private static final String LOGO = "https://example.com/logo.svg";
  private static final String VMC = "https://example.com/vmc.pem";

  private static final TestPki.Issued CA = TestPki.ca("Test Mark CA");
  private static final TestPki.Issued OTHER_CA = TestPki.ca("Other CA");
  private static final byte[] LOGOTYPE = TestPki.logotypeExtension(utf8(GOOD_SVG));
  private static final byte[] GOOD_CERT = cert(-1, 20 * 24, "example.com", LOGOTYPE);
  private static final Map<String, byte[]> CERTS =
      Map.of(
          "expiring", cert(-23, 1, "example.com", LOGOTYPE),
          "expired", cert(-72, -48, "example.com", LOGOTYPE),
          "domain", cert(-1, 20 * 24, "example.org", LOGOTYPE),
          "nologo", cert(-1, 20 * 24, "example.com", null));

  /** A mark certificate valid from/to these hours from now, for a domain, with the CA after it. */
  private static byte[] cert(long fromHours, long toHours, String domain, byte[] logotype) {
    java.time.Instant now = java.time.Instant.now();
    TestPki.Issued leaf =
        TestPki.issue(
            CA,
            "Example Brand",
            now.plusSeconds(fromHours * 3600),
            now.plusSeconds(toHours * 3600),
            List.of(domain),
            logotype);
    return TestPki.pem(leaf.certificate(), CA.certificate());
  }

  record Case(CheckId id, String overrides, AuditOptions options, String title) {
    @Override
    public String toString() {
      return id.id();
    }
  }

  static final List<Case> CASES = new ArrayList<>();

  private static void c(CheckId id, AuditOptions o, String title) {
    CASES.add(new Case(id, "", o, title));
  }

  private static void c(CheckId id, String overrides, AuditOptions o, String title) {
    CASES.add(new Case(id, overrides, o, title));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** A probe that returns one outcome for every host. */
  static SmtpTlsProbe probe(TlsOutcome start, TlsOutcome implicit, String detail, String cert) {
    return (host, ip) ->
        new SmtpTlsResult(
            host,
            ip.getHostAddress(),
            start,
            implicit,
            start == TlsOutcome.OK || implicit == TlsOutcome.OK
                ? "TLSv1.3 TLS_AES_128_GCM_SHA256"
                : null,
            cert,
            detail,
            List.of("connect " + ip.getHostAddress() + ":25"));
  }

  /** A DNSSEC lookup with a fixed zone status and TLSA records per name. */
  static DnssecLookup dnssec(DnssecStatus status, Map<String, TlsaAnswer> tlsa) {
    return new DnssecLookup() {
      @Override
      public ZoneSigning zoneSigning(String name) {
        return new ZoneSigning(
            name,
            "example.com",
            status,
            status == DnssecStatus.INVALID ? "SOA: RRSIG by key 123: signature expired" : "",
            "example.com SOA ns.example.com. hostmaster.example.com. 1 3600 900 604800 60",
            List.of("example.com DNSKEY -> " + status));
      }

      @Override
      public TlsaAnswer tlsa(String name) {
        return tlsa.getOrDefault(
            name, new TlsaAnswer(name, DnsStatus.NXDOMAIN, List.of(), false, ""));
      }
    };
  }

  /** A BIMI source serving these bodies; other URLs are 404. */
  static BimiSource bimi(byte[] logo, byte[] cert) {
    return (url, max) -> {
      byte[] body = url.equals(LOGO) ? logo : url.equals(VMC) ? cert : null;
      if (body == null) {
        return new BimiSource.Response(url, 404, "text/html", null, null);
      }
      if (body.length > max) {
        return new BimiSource.Response(url, 200, null, null, "larger than " + max + " bytes");
      }
      return new BimiSource.Response(url, 200, "image/svg+xml", body, null);
    };
  }

  static AuditOptions bimiOptions(byte[] logo, byte[] cert) {
    return AuditOptions.defaults().withBimi(bimi(logo, cert), List.of(CA.certificate()));
  }

  static AuditOptions svg(String svg) {
    return bimiOptions(utf8(svg), GOOD_CERT);
  }

  static {
    AuditOptions d = AuditOptions.defaults();
    c(
        CheckId.MX_STARTTLS_MISSING,
        d.withSmtpTls(
            probe(
                TlsOutcome.NOT_OFFERED, TlsOutcome.OK, "STARTTLS is not in the EHLO reply", null)),
        "STARTTLS is not supported on mx.example.com");
    c(
        CheckId.MX_SMTPS_MISSING,
        d.withSmtpTls(
            probe(
                TlsOutcome.HANDSHAKE_FAILED, TlsOutcome.UNREACHABLE, "TLS handshake failed", null)),
        "SSL/TLS is not supported on mx.example.com");
    c(
        CheckId.MX_SMTP_ERROR,
        d.withSmtpTls(
            probe(TlsOutcome.SMTP_ERROR, TlsOutcome.UNREACHABLE, "greeting: 554 go away", null)),
        "mx.example.com (192.0.2.25): greeting: 554 go away");
    c(
        CheckId.MX_TLS_CERTIFICATE,
        d.withSmtpTls(
            probe(
                TlsOutcome.OK,
                TlsOutcome.NOT_TRIED,
                "",
                "the certificate is for other.example, not mx.example.com")),
        "would fail verification: the certificate is for other.example");
    TlsaAnswer signed =
        new TlsaAnswer("_25._tcp.mx.example.com", DnsStatus.OK, List.of("3 1 1 abcd"), true, "");
    TlsaAnswer unsigned =
        new TlsaAnswer("_25._tcp.mx.example.com", DnsStatus.OK, List.of("3 1 1 abcd"), false, "");
    c(
        CheckId.MX_DANE_TLSA,
        d.withDnssec(dnssec(DnssecStatus.SIGNED, Map.of(signed.name(), signed))),
        "publishes 1 TLSA record(s)");
    c(
        CheckId.MX_TLSA_UNSIGNED,
        d.withDnssec(dnssec(DnssecStatus.UNSIGNED, Map.of(unsigned.name(), unsigned))),
        "TLSA records of mx.example.com are not signed");
    c(
        CheckId.DNSSEC_UNSIGNED,
        d.withDnssec(dnssec(DnssecStatus.UNSIGNED, Map.of())),
        "example.com is not signed with DNSSEC");
    c(
        CheckId.DNSSEC_INVALID,
        d.withDnssec(dnssec(DnssecStatus.INVALID, Map.of())),
        "do not verify: SOA: RRSIG by key 123: signature expired");
    c(
        CheckId.BIMI_LOGO_UNREACHABLE,
        bimiOptions(new byte[BimiSource.MAX_SVG_BYTES + 1], GOOD_CERT),
        "larger than 32768 bytes");
    c(
        CheckId.BIMI_SVG_INVALID,
        svg(GOOD_SVG.replace("tiny-ps", "tiny")),
        "baseProfile is \"tiny\", not \"tiny-ps\"");
    c(
        CheckId.BIMI_SVG_NOT_SQUARE,
        svg(GOOD_SVG.replace("0 0 100 100", "0 0 200 100")),
        "200 by 100, not square");
    c(
        CheckId.BIMI_SVG_TITLE,
        svg(GOOD_SVG.replace("<title>Example Brand</title>", "")),
        "no <title>");
    c(
        CheckId.BIMI_CERT_UNREACHABLE,
        "default._bimi.example.com. TXT \"v=BIMI1; l="
            + LOGO
            + "; a=https://example.com/gone.pem\"",
        bimiOptions(utf8(GOOD_SVG), GOOD_CERT),
        "HTTP 404");
    c(
        CheckId.BIMI_CERT_INVALID,
        bimiOptions(
            utf8(GOOD_SVG),
            utf8("-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n")),
        "not a PEM certificate");
    c(CheckId.BIMI_CERT_EXPIRED, bimiOptions(utf8(GOOD_SVG), CERTS.get("expired")), "expired on");
    c(
        CheckId.BIMI_CERT_EXPIRING,
        bimiOptions(utf8(GOOD_SVG), CERTS.get("expiring")),
        "will expire in less than a day");
    c(
        CheckId.BIMI_CERT_DOMAIN,
        bimiOptions(utf8(GOOD_SVG), CERTS.get("domain")),
        "does not cover example.com");
    c(
        CheckId.BIMI_CERT_UNTRUSTED,
        AuditOptions.defaults()
            .withBimi(bimi(utf8(GOOD_SVG), GOOD_CERT), List.of(OTHER_CA.certificate())),
        "not trusted");
    c(
        CheckId.BIMI_CERT_CHAIN_NOT_CHECKED,
        AuditOptions.defaults().withBimi(bimi(utf8(GOOD_SVG), GOOD_CERT), List.of()),
        "was not checked");
    c(
        CheckId.BIMI_CERT_NO_LOGO,
        bimiOptions(utf8(GOOD_SVG), CERTS.get("nologo")),
        "no embedded logo");
    c(
        CheckId.BIMI_CERT_LOGO_MISMATCH,
        svg(GOOD_SVG.replace("#c00", "#00c")),
        "does not match the image embedded in the certificate");
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  static AuditReport audit(String overrides, AuditOptions options) {
    return new DomainAudit(InMemoryDnsResolver.fromZone(AuditZones.with(overrides)), options)
        .audit("example.com");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void audit_findsTheCheck(Case c) {
    AuditReport report = audit(c.overrides(), c.options());
    assertThat(report.findings())
        .as("findings for %s: %s", c.id().id(), report.findings())
        .filteredOn(f -> f.id().equals(c.id().id()))
        .isNotEmpty()
        .allSatisfy(
            f -> {
              assertThat(f.severity()).isEqualTo(c.id().severity());
              assertThat(f.section()).isEqualTo(c.id().section());
              assertThat(f.explanation()).isNotBlank();
              assertThat(f.fix()).isNotBlank();
              assertThat(f.evidence()).isNotEmpty();
            })
        .anySatisfy(f -> assertThat(f.title()).contains(c.title()));
  }

  /** Every fetcher happy: the clean zone stays clean, and the good parts are recorded. */
  @Test
  void audit_everythingRight_noWarnings() {
    AuditOptions o =
        bimiOptions(utf8(GOOD_SVG), GOOD_CERT)
            .withSmtpTls(probe(TlsOutcome.OK, TlsOutcome.NOT_TRIED, "", null))
            .withDnssec(dnssec(DnssecStatus.SIGNED, Map.of()));
    AuditReport r = audit("", o);
    assertThat(r.findings())
        .extracting(Finding::id)
        .containsExactlyInAnyOrder("dkim.key", "mta-sts.policy-not-checked");
    assertThat(r.records().get(AuditSection.MX))
        .anySatisfy(l -> assertThat(l).contains("STARTTLS, TLSv1.3"));
    assertThat(r.records().get(AuditSection.DNSSEC))
        .containsExactly("example.com: signed, signatures verify");
    assertThat(r.records().get(AuditSection.DOMAIN))
        .anySatisfy(l -> assertThat(l).contains("(contact: hostmaster@example.com)"));
    assertThat(r.records().get(AuditSection.BIMI))
        .contains("the logo matches the one in the certificate");
  }

  @Test
  void audit_dnssecTempfail_isADnsFailure() {
    AuditReport r =
        audit("", AuditOptions.defaults().withDnssec(dnssec(DnssecStatus.TEMPFAIL, Map.of())));
    assertThat(r.dnsFailed()).isTrue();
    assertThat(r.has("dnssec.unsigned")).isFalse();
  }

  @Test
  void audit_probeThatThrows_isAFindingNotACrash() {
    SmtpTlsProbe broken =
        (host, ip) -> {
          throw new IllegalStateException("boom");
        };
    AuditReport r = audit("", AuditOptions.defaults().withSmtpTls(broken));
    assertThat(r.findings())
        .anySatisfy(f -> assertThat(f.title()).contains("the TLS probe failed"));
  }

  @Test
  void audit_probesAtMostFiveHosts() {
    StringBuilder zone = new StringBuilder("example.com. MX 10 mx0.example.com.\n");
    for (int i = 0; i < 8; i++) {
      zone.append("example.com. MX ")
          .append(10 + i)
          .append(" mx")
          .append(i)
          .append(".example.com.\n");
      zone.append("mx").append(i).append(".example.com. A 192.0.2.").append(30 + i).append('\n');
    }
    List<String> probed = new ArrayList<>();
    SmtpTlsProbe counting =
        (host, ip) -> {
          probed.add(host);
          return probe(TlsOutcome.OK, TlsOutcome.NOT_TRIED, "", null).probe(host, ip);
        };
    audit(zone.toString(), AuditOptions.defaults().withSmtpTls(counting).withReverseDns(false));
    assertThat(probed).hasSize(SmtpTlsAudit.MAX_PROBED_HOSTS).doesNotHaveDuplicates();
  }

  @Test
  void audit_hostileBimiBodies_areFindings() {
    byte[] billionLaughs =
        utf8(
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY a \"aaaaaaaaaa\">"
                + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.2\" baseProfile=\"tiny-ps\""
                + " viewBox=\"0 0 1 1\"><title>&b;</title></svg>");
    byte[] xxe =
        utf8(
            "<?xml version=\"1.0\"?><!DOCTYPE svg [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>&x;</title></svg>");
    byte[] garbage = new byte[5000];
    new java.util.Random(4).nextBytes(garbage);
    for (byte[] body : List.of(billionLaughs, xxe, garbage, new byte[0])) {
      AuditReport r = audit("", bimiOptions(body, garbage));
      assertThat(r.has("bimi.svg-invalid"))
          .as(new String(body, StandardCharsets.ISO_8859_1))
          .isTrue();
      assertThat(r.has("bimi.certificate-invalid")).isTrue();
      assertThat(r.findings()).noneSatisfy(f -> assertThat(f.title()).contains("root:"));
    }
  }

  @Test
  void svg_scriptsHandlersAndExternalLinks_areInvalid() {
    String bad =
        GOOD_SVG.replace(
            "<circle",
            "<script>alert(1)</script><image href=\"https://evil.example/x.png\"/>"
                + "<rect onclick=\"x()\" fill=\"url(https://evil.example/p)\"/><circle");
    List<String> problems =
        SvgTinyPs.check(utf8(bad)).stream().map(SvgTinyPs.Problem::message).toList();
    assertThat(problems)
        .anySatisfy(m -> assertThat(m).contains("<script> element is not allowed"))
        .anySatisfy(m -> assertThat(m).contains("<image> element is not allowed"))
        .anySatisfy(m -> assertThat(m).contains("<image> refers to another file"))
        .anySatisfy(m -> assertThat(m).contains("event handler onclick"))
        .anySatisfy(m -> assertThat(m).contains("fill refers to another file"));
    assertThat(SvgTinyPs.check(utf8(GOOD_SVG))).isEmpty();
    assertThat(SvgTinyPs.check(utf8(GOOD_SVG.replace("Example Brand", "Untitled"))))
        .extracting(SvgTinyPs.Problem::id)
        .containsExactly(CheckId.BIMI_SVG_TITLE);
  }

  @Test
  void logotype_readsTheEmbeddedImage_andRejectsMalformedDer() {
    byte[] ext = TestPki.tlv(0x04, LOGOTYPE);
    List<Logotype.Image> images = Logotype.images(ext);
    assertThat(images).hasSize(1);
    assertThat(images.get(0).mediaType()).isEqualTo("image/svg+xml");
    assertThat(images.get(0).hashes())
        .extracting(Logotype.Hash::algorithm)
        .containsExactly("SHA-256");
    assertThat(
            new String(
                Logotype.dataUriContent(images.get(0).uris().get(0)), StandardCharsets.UTF_8))
        .isEqualTo(GOOD_SVG);
    java.util.Random random = new java.util.Random(9);
    for (int i = 0; i < 2000; i++) {
      byte[] mutated = ext.clone();
      for (int k = 0; k < 1 + random.nextInt(4); k++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      try {
        Logotype.images(mutated)
            .forEach(
                img ->
                    img.uris()
                        .forEach(
                            u -> {
                              try {
                                Logotype.dataUriContent(u);
                              } catch (IllegalArgumentException e) {
                                // declared
                              }
                            }));
      } catch (IllegalArgumentException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
  }

  @Test
  void soaContact_convertsRnameToAddress() {
    assertThat(
            DnssecAudit.soaContact(
                "example.com SOA ns.example.com. dns\\.admin.example.com. 1 2 3 4 5"))
        .isEqualTo(" (contact: dns.admin@example.com)");
    assertThat(DnssecAudit.soaContact("x")).isEmpty();
  }
}
