// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.check.AuditZones.KEY_1024;
import static org.dmarcpilot.check.AuditZones.KEY_2048;
import static org.dmarcpilot.check.AuditZones.KEY_512;
import static org.dmarcpilot.check.AuditZones.dkim;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.dmarcpilot.dns.InMemoryDnsResolver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One case per check: the clean zone with a record changed so that exactly this check fires. The
 * meta test {@link #everyCheckHasACase} keeps the table complete.
 */
class DomainAuditTest {
  private static final String DMARC = "_dmarc.example.com. TXT ";
  private static final String SPF = "example.com. TXT ";
  private static final String DKIM = "selector1._domainkey.example.com. TXT ";
  private static final String RUA = "rua=mailto:dmarc@example.com";

  /** A test case: the check expected, the zone overrides, the domain, options, title text. */
  record Case(CheckId id, String overrides, String domain, AuditOptions options, String title) {
    @Override
    public String toString() {
      return id.id();
    }
  }

  static final List<Case> CASES = new ArrayList<>();

  private static void c(CheckId id, String overrides, String title) {
    CASES.add(new Case(id, overrides, "example.com", AuditOptions.defaults(), title));
  }

  private static void c(CheckId id, String overrides, String domain, AuditOptions o, String title) {
    CASES.add(new Case(id, overrides, domain, o, title));
  }

  private static String includes(int n) {
    StringBuilder rec = new StringBuilder(SPF + "\"v=spf1");
    StringBuilder zone = new StringBuilder();
    for (int i = 0; i < n; i++) {
      rec.append(" include:i").append(i).append(".example.net");
      zone.append("i")
          .append(i)
          .append(".example.net. TXT \"v=spf1 ip4:198.51.100.")
          .append(i)
          .append(" -all\"\n");
    }
    return rec.append(" -all\"\n").append(zone).toString();
  }

  private static String longSpf(int bytes, int chunk) {
    StringBuilder text = new StringBuilder("v=spf1");
    for (int i = 0; text.length() < bytes - 5; i++) {
      text.append(" ip4:198.51.").append(100 + i / 250).append('.').append(i % 250);
    }
    text.append(" -all");
    StringBuilder line = new StringBuilder(SPF);
    for (int i = 0; i < text.length(); i += chunk) {
      line.append('"').append(text, i, Math.min(text.length(), i + chunk)).append("\" ");
    }
    return line.toString();
  }

  private static String hostileSpf() {
    StringBuilder zone = new StringBuilder(SPF + "\"v=spf1 include:n0.example.net -all\"\n");
    for (int i = 0; i < 150; i++) {
      zone.append("n")
          .append(i)
          .append(".example.net. TXT \"v=spf1 include:n")
          .append(2 * i + 1)
          .append(".example.net include:n")
          .append(2 * i + 2)
          .append(".example.net -all\"\n");
    }
    return zone.toString();
  }

  private static AuditOptions policy(int status, String type, String body) {
    return AuditOptions.defaults()
        .withMtaStsPolicies(
            d ->
                new MtaStsPolicySource.Response(
                    "https://mta-sts." + d + "/.well-known/mta-sts.txt",
                    status,
                    type,
                    status == 0 ? null : body,
                    status == 0 ? "TLS handshake failed" : null));
  }

  static {
    AuditOptions parked = AuditOptions.defaults().withParked(true);
    String goodPolicy =
        "version: STSv1\r\nmode: enforce\r\nmx: mx.example.com\r\nmax_age: 86400\r\n";
    c(
        CheckId.NS_UNAPPROVED,
        "example.com. NS ns1.dns.example.net.",
        "example.com",
        AuditOptions.defaults().withApproved(List.of(), List.of("ns.example.com")),
        "ns1.dns.example.net");
    c(
        CheckId.MX_UNAPPROVED,
        "",
        "example.com",
        AuditOptions.defaults().withApproved(List.of("mx2.example.com"), List.of()),
        "mx.example.com");
    c(
        CheckId.MTASTS_POLICY_UNREACHABLE,
        "",
        "example.com",
        policy(0, null, null),
        "TLS handshake failed");
    c(
        CheckId.MTASTS_POLICY_INVALID,
        "",
        "example.com",
        policy(200, "text/plain", "version: STSv1\nmode: enforce\nmax_age: 86400\n"),
        "enforce mode requires at least one mx");
    c(
        CheckId.MTASTS_POLICY_WARNING,
        "",
        "example.com",
        policy(200, "text/plain", goodPolicy + "extra: 1\n"),
        "unexpected key extra");
    c(
        CheckId.MTASTS_CONTENT_TYPE,
        "",
        "example.com",
        policy(200, "text/html", goodPolicy),
        "text/html");
    c(
        CheckId.MTASTS_MX_NOT_COVERED,
        "",
        "example.com",
        policy(200, "text/plain", goodPolicy.replace("mx.example.com", "*.example.net")),
        "mx.example.com is not included");
    c(CheckId.DOMAIN_INVALID, "", "exa mple.com", AuditOptions.defaults(), "not a valid domain");
    c(CheckId.DOMAIN_NXDOMAIN, "", "example.org", AuditOptions.defaults(), "does not exist");
    c(CheckId.DNS_TEMPFAIL, DMARC + "-\n_dmarc.example.com. TIMEOUT", "_dmarc.example.com TXT");
    // DMARC: every checkdmarc error and warning, and the added checks
    c(CheckId.DMARC_MISSING, DMARC + "-", "No DMARC record");
    c(
        CheckId.DMARC_INHERITED,
        "sub.example.com. A 192.0.2.9",
        "sub.example.com",
        AuditOptions.defaults(),
        "sp=reject");
    c(
        CheckId.DMARC_MULTIPLE,
        DMARC + "\"v=DMARC1; p=none\"\n" + DMARC + "\"v=DMARC1; p=reject\"",
        "2 DMARC records");
    c(CheckId.DMARC_LEADING_WHITESPACE, DMARC + "\" v=DMARC1; p=reject\"", "whitespace");
    c(CheckId.DMARC_BAD_VERSION, DMARC + "\"v=DMARC2; p=reject\"", "exactly v=DMARC1");
    c(
        CheckId.DMARC_UNRELATED_TXT,
        DMARC + "\"v=DMARC1; p=reject; " + RUA + "\"\n" + DMARC + "\"site-verification=abc\"",
        "not a DMARC record");
    c(CheckId.DMARC_SPF_AT_DMARC, DMARC + "\"v=spf1 -all\"", "SPF record");
    c(
        CheckId.DMARC_WRONG_LOCATION,
        DMARC + "-\n" + SPF + "\"v=spf1 -all\"\n" + SPF + "\"v=DMARC1; p=reject\"",
        "instead of _dmarc.example.com");
    c(
        CheckId.DMARC_AT_APEX,
        SPF + "\"v=spf1 -all\"\n" + SPF + "\"v=DMARC1; p=reject\"",
        "no effect");
    c(CheckId.DMARC_SYNTAX, DMARC + "\"v=DMARC1; p=reject; " + RUA + "; garbage\"", "garbage");
    c(
        CheckId.DMARC_DUPLICATE_TAG,
        DMARC + "\"v=DMARC1; p=reject; p=none; " + RUA + "\"",
        "Duplicate tag p");
    c(
        CheckId.DMARC_INVALID_POLICY,
        DMARC + "\"v=DMARC1; p=rejet; " + RUA + "\"",
        "act as if p=none");
    c(CheckId.DMARC_INVALID_VALUE, DMARC + "\"v=DMARC1; p=reject; adkim=x; " + RUA + "\"", "adkim");
    c(
        CheckId.DMARC_INVALID_URI,
        DMARC + "\"v=DMARC1; p=reject; rua=dmarc@example.com\"",
        "not a URI");
    c(
        CheckId.DMARC_UNSUPPORTED_URI,
        DMARC + "\"v=DMARC1; p=reject; rua=https://example.com/r," + RUA.substring(4) + "\"",
        "mailto");
    c(
        CheckId.DMARC_UNKNOWN_TAG,
        DMARC + "\"v=DMARC1; p=reject; rue=mailto:d@example.com\"",
        "did you mean rua?");
    c(CheckId.DMARC_REMOVED_TAG, DMARC + "\"v=DMARC1; p=reject; pct=50; " + RUA + "\"", "pct=50");
    c(CheckId.DMARC_MISSING_P, DMARC + "\"v=DMARC1; " + RUA + "\"", "no p tag");
    c(CheckId.DMARC_P_NOT_SECOND, DMARC + "\"v=DMARC1; " + RUA + "; p=reject\"", "right after v");
    c(CheckId.DMARC_CASE, DMARC + "\"v=DMARC1; p=Reject; " + RUA + "\"", "upper case");
    c(CheckId.DMARC_P_NONE, DMARC + "\"v=DMARC1; p=none; " + RUA + "\"", "still delivered");
    c(
        CheckId.DMARC_P_QUARANTINE,
        DMARC + "\"v=DMARC1; p=quarantine; " + RUA + "\"",
        "one step from reject");
    c(
        CheckId.DMARC_SP_NONE,
        DMARC + "\"v=DMARC1; p=reject; sp=none; " + RUA + "\"",
        "subdomains unprotected");
    c(
        CheckId.DMARC_NP_NONE,
        DMARC + "\"v=DMARC1; p=reject; np=none; " + RUA + "\"",
        "non-existent subdomains unprotected while p=reject");
    c(
        CheckId.DMARC_TESTING,
        DMARC + "\"v=DMARC1; p=reject; t=y; " + RUA + "\"",
        "apply quarantine instead of reject");
    c(
        CheckId.DMARC_FO_REDUNDANT,
        DMARC + "\"v=DMARC1; p=reject; fo=0:1; ruf=mailto:f@example.com; " + RUA + "\"",
        "both 0 and 1");
    c(CheckId.DMARC_FO_WITHOUT_RUF, DMARC + "\"v=DMARC1; p=reject; fo=1; " + RUA + "\"", "no ruf");
    c(CheckId.DMARC_URI_SIZE, DMARC + "\"v=DMARC1; p=reject; " + RUA + "!10m\"", "!10m");
    c(
        CheckId.DMARC_EXTERNAL_UNVERIFIED,
        DMARC
            + "\"v=DMARC1; p=reject; rua=mailto:r@reports.example.net\"\n"
            + "reports.example.net. MX 10 mx.example.com.",
        "reports.example.net has not authorised reports about example.com");
    c(
        CheckId.DMARC_REPORT_NO_MX,
        DMARC
            + "\"v=DMARC1; p=reject; rua=mailto:r@nomx.example.com\"\n"
            + "nomx.example.com. A 192.0.2.1",
        "nomx.example.com has no MX");
    c(
        CheckId.DMARC_TOO_MANY_URIS,
        DMARC + "\"v=DMARC1; p=reject; " + RUA + ",mailto:b@example.com,mailto:c@example.com\"",
        "More than two");
    c(CheckId.DMARC_NO_RUA, DMARC + "\"v=DMARC1; p=reject\"", "No rua");
    c(
        CheckId.DMARC_RUF,
        DMARC + "\"v=DMARC1; p=reject; ruf=mailto:f@example.com; " + RUA + "\"",
        "failure reports");
    c(
        CheckId.DMARC_STRICT_ALIGNMENT,
        DMARC + "\"v=DMARC1; p=reject; adkim=s; " + RUA + "\"",
        "adkim=s");
    c(CheckId.DMARC_PSD, DMARC + "\"v=DMARC1; p=reject; psd=y; " + RUA + "\"", "psd=y");
    c(
        CheckId.PARKED_DMARC_P,
        DMARC + "\"v=DMARC1; p=quarantine; " + RUA + "\"",
        "example.com",
        parked,
        "quarantine, not reject");
    c(
        CheckId.PARKED_DMARC_SP,
        DMARC + "\"v=DMARC1; p=reject; sp=none; " + RUA + "\"",
        "example.com",
        parked,
        "subdomains get none");
    // SPF
    c(CheckId.SPF_MISSING, SPF + "-", "No SPF record");
    c(
        CheckId.SPF_MULTIPLE,
        SPF + "\"v=spf1 -all\"\n" + SPF + "\"v=spf1 mx -all\"",
        "More than one");
    c(CheckId.SPF_SYNTAX, SPF + "\"v=spf1 ip4:192.0.2.1~all\"", "whitespace is missing");
    c(CheckId.SPF_BAD_VERSION, SPF + "\"v=spf1a -all\"", "not a valid SPF record");
    c(CheckId.SPF_RR_TYPE, "example.com. SPF \"v=spf1 -all\"", "SPF-type (99)");
    c(
        CheckId.SPF_SENDER_ID,
        SPF + "\"v=spf1 ip4:192.0.2.0/24 -all\"\n" + SPF + "\"spf2.0/pra ip4:192.0.2.0/24 -all\"",
        "Sender ID");
    c(
        CheckId.SPF_UNDECODABLE,
        SPF + "\"v=spf1 ip4:192.0.2.0/24 -all\"\n" + SPF + "\"caf\\233\"",
        "not valid UTF-8");
    c(CheckId.SPF_STRING_TOO_LONG, longSpf(300, 300), "300 characters");
    c(CheckId.SPF_SIZE, longSpf(470, 200), "bytes long");
    c(CheckId.SPF_SIZE_UDP, longSpf(600, 200), "bytes long");
    c(CheckId.SPF_TOO_MANY_LOOKUPS, includes(11), "needs 11 DNS lookups");
    c(CheckId.SPF_LOOKUPS_NEAR_LIMIT, includes(9), "9 of 10");
    c(CheckId.SPF_FLATTENING, includes(11), "save 11 lookups (11 -> 0)");
    c(
        CheckId.SPF_TOO_MANY_VOID,
        SPF + "\"v=spf1 a:g1.example.com a:g2.example.com a:g3.example.com -all\"",
        "3 lookups return nothing");
    c(CheckId.SPF_VOID_TARGET, SPF + "\"v=spf1 a:gone.example.com -all\"", "gone.example.com");
    c(
        CheckId.SPF_INCLUDE_LOOP,
        SPF
            + "\"v=spf1 include:loop.example.com -all\"\n"
            + "loop.example.com. TXT \"v=spf1 include:example.com -all\"",
        "example.com -> loop.example.com -> example.com");
    c(
        CheckId.SPF_REDIRECT_LOOP,
        SPF
            + "\"v=spf1 redirect=r.example.com\"\n"
            + "r.example.com. TXT \"v=spf1 redirect=example.com\"",
        "Redirect loop");
    c(
        CheckId.SPF_TARGET,
        SPF + "\"v=spf1 include:mx.example.com -all\"",
        "mx.example.com has no SPF record");
    StringBuilder manyMx = new StringBuilder(SPF + "\"v=spf1 mx:many.example.com -all\"\n");
    for (int i = 0; i < 11; i++) {
      manyMx.append("many.example.com. MX ").append(i).append(" mx.example.com.\n");
    }
    c(CheckId.SPF_MX_TOO_MANY, manyMx.toString(), "11 MX hosts");
    c(
        CheckId.SPF_MX_HOST_NO_ADDRESS,
        SPF
            + "\"v=spf1 mx:bad.example.com -all\"\n"
            + "bad.example.com. MX 10 nowhere.example.com.",
        "nowhere.example.com has no address");
    c(
        CheckId.SPF_DUPLICATE_INCLUDE,
        SPF
            + "\"v=spf1 include:i.example.net include:i.example.net"
            + " -all\"\ni.example.net. TXT \"v=spf1 -all\"",
        "more than once");
    c(CheckId.SPF_PTR, SPF + "\"v=spf1 ptr -all\"", "ptr");
    c(CheckId.SPF_AFTER_ALL, SPF + "\"v=spf1 -all ip4:192.0.2.1\"", "never evaluated");
    c(
        CheckId.SPF_EXP_NOT_LAST,
        SPF + "\"v=spf1 exp=why.example.com -all\"\n" + "why.example.com. TXT \"not allowed\"",
        "follow the exp");
    c(CheckId.SPF_EXP_TARGET, SPF + "\"v=spf1 -all exp=nowhy.example.com\"", "no TXT record");
    c(CheckId.SPF_UNKNOWN_MODIFIER, SPF + "\"v=spf1 -all foo=bar\"", "unknown modifier foo");
    c(CheckId.SPF_MACRO, SPF + "\"v=spf1 exists:%{i}._spf.example.com -all\"", "macros");
    c(CheckId.SPF_PASS_ALL, SPF + "\"v=spf1 ip4:192.0.2.0/24 +all\"", "lets any server pass");
    c(CheckId.SPF_NEUTRAL_ALL, SPF + "\"v=spf1 ip4:192.0.2.0/24 ?all\"", "neutral");
    c(CheckId.SPF_NO_ALL, SPF + "\"v=spf1 ip4:192.0.2.0/24\"", "without all or redirect");
    c(CheckId.SPF_ANALYSIS_LIMIT, hostileSpf(), "stopped after");
    c(CheckId.PARKED_SPF, "", "example.com", parked, "allows senders");
    // DKIM (checkdmarc has none of these)
    c(CheckId.DKIM_NONE_FOUND, DKIM + "-", "_domainkey.example.com does not exist");
    c(CheckId.DKIM_KEY, "", "2048-bit RSA key");
    c(
        CheckId.DKIM_SELECTOR_MISSING,
        "",
        "example.com",
        AuditOptions.defaults().withSelectors(List.of("s2026")),
        "s2026._domainkey.example.com");
    c(CheckId.DKIM_SYNTAX, DKIM + "\"v=DKIM1; k=rsa; p=!!\"", "not valid base64");
    c(
        CheckId.DKIM_MULTIPLE,
        DKIM + dkim(KEY_2048, "") + "\n" + DKIM + dkim(KEY_1024, ""),
        "2 TXT records");
    c(CheckId.DKIM_REVOKED, DKIM + "\"v=DKIM1; p=\"", "revoked");
    c(CheckId.DKIM_RSA_TOO_SHORT, DKIM + dkim(KEY_512, ""), "512 bits");
    c(CheckId.DKIM_RSA_SHORT, DKIM + dkim(KEY_1024, ""), "1024 bits");
    c(CheckId.DKIM_TESTING, DKIM + dkim(KEY_2048, "t=y; "), "t=y");
    c(CheckId.DKIM_SHA1_ONLY, DKIM + dkim(KEY_2048, "h=sha1; "), "h=sha1");
    c(CheckId.DKIM_NOT_EMAIL, DKIM + dkim(KEY_2048, "s=tlsrpt; "), "s=tlsrpt");
    c(CheckId.DKIM_UNKNOWN_TAG, DKIM + dkim(KEY_2048, "g=*; "), "unknown tag g");
    // MX
    c(CheckId.MX_NONE, "example.com. MX -", "has no MX record");
    c(CheckId.MX_NULL, "example.com. MX 0 .", "accepts no mail");
    c(
        CheckId.MX_NULL_WITH_OTHERS,
        "example.com. MX 0 .\nexample.com. MX 10 mx.example.com.",
        "with other MX");
    c(
        CheckId.MX_DUPLICATE_HOST,
        "example.com. MX 10 mx.example.com.\n" + "example.com. MX 20 mx.example.com.",
        "more than one MX");
    c(
        CheckId.MX_HOST_NO_ADDRESS,
        "example.com. MX 10 noaddr.example.com.",
        "noaddr.example.com has no A or AAAA");
    c(
        CheckId.MX_HOST_CNAME,
        "example.com. MX 10 alias.example.com.\n" + "alias.example.com. CNAME mx.example.com.",
        "alias of mx.example.com");
    c(CheckId.MX_IP_LITERAL, "example.com. MX 10 192.0.2.25.", "holds the address");
    c(CheckId.MX_NO_PTR, "25.2.0.192.in-addr.arpa. PTR -", "no reverse DNS");
    c(
        CheckId.MX_PTR_MISMATCH,
        "25.2.0.192.in-addr.arpa. PTR other.example.com.\n" + "other.example.com. A 192.0.2.99",
        "does not resolve back");
    c(CheckId.PARKED_MX, "", "example.com", parked, "with MX records");
    c(CheckId.PARKED_NO_NULL_MX, "example.com. MX -", "example.com", parked, "null MX");
    // MTA-STS, TLS-RPT, BIMI
    c(CheckId.MTASTS_NONE, "_mta-sts.example.com. TXT -", "No MTA-STS record");
    c(
        CheckId.MTASTS_MULTIPLE,
        "_mta-sts.example.com. TXT \"v=STSv1; id=1\"\n"
            + "_mta-sts.example.com. TXT \"v=STSv1; id=2\"",
        "2 MTA-STS records");
    c(
        CheckId.MTASTS_UNRELATED,
        "_mta-sts.example.com. TXT \"v=STSv1; id=1\"\n" + "_mta-sts.example.com. TXT \"hello\"",
        "not the expected record");
    c(CheckId.MTASTS_SYNTAX, "_mta-sts.example.com. TXT \"v=STSv1\"", "id tag is missing");
    c(CheckId.MTASTS_POLICY_NOT_CHECKED, "", "id=20260101");
    c(CheckId.TLSRPT_NONE, "_smtp._tls.example.com. TXT -", "No TLS-RPT record");
    c(
        CheckId.TLSRPT_MULTIPLE,
        "_smtp._tls.example.com. TXT \"v=TLSRPTv1; rua=mailto:a@b.example\"\n"
            + "_smtp._tls.example.com. TXT \"v=TLSRPTv1; rua=mailto:c@d.example\"",
        "2 TLS-RPT");
    c(
        CheckId.TLSRPT_UNRELATED,
        "_smtp._tls.example.com. TXT \"v=TLSRPTv1; rua=mailto:a@b.example\"\n"
            + "_smtp._tls.example.com. TXT \"hello\"",
        "not the expected record");
    c(CheckId.TLSRPT_SPF, "_smtp._tls.example.com. TXT \"v=spf1 -all\"", "SPF record");
    c(
        CheckId.TLSRPT_SYNTAX,
        "_smtp._tls.example.com. TXT \"v=TLSRPTv1; rua=ftp://x.example\"",
        "not a mailto: or https: URI");
    c(CheckId.BIMI_NONE, "default._bimi.example.com. TXT -", "No BIMI record");
    c(
        CheckId.BIMI_MULTIPLE,
        "default._bimi.example.com. TXT \"v=BIMI1; l=\"\n"
            + "default._bimi.example.com. TXT \"v=BIMI1; l=; a=\"",
        "2 BIMI records");
    c(
        CheckId.BIMI_SYNTAX,
        "default._bimi.example.com. TXT \"v=BIMI1; avp=corporate;"
            + " l=https://example.com/l.svg\"",
        "avp must be brand or personal");
    c(
        CheckId.BIMI_NOT_HTTPS,
        "default._bimi.example.com. TXT \"v=BIMI1;"
            + " l=http://example.com/l.svg; a=https://example.com/v.pem\"",
        "not an https URL");
    c(
        CheckId.BIMI_NO_CERTIFICATE,
        "default._bimi.example.com. TXT \"v=BIMI1;" + " l=https://example.com/l.svg\"",
        "no mark certificate");
    c(
        CheckId.BIMI_DMARC_NOT_ENFORCED,
        DMARC + "\"v=DMARC1; p=none; " + RUA + "\"",
        "the DMARC policy is none");
  }

  static Stream<Case> cases() {
    return CASES.stream();
  }

  private static AuditReport audit(String zone, String domain, AuditOptions options) {
    return new DomainAudit(InMemoryDnsResolver.fromZone(zone), options).audit(domain);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void audit_findsTheCheck(Case c) {
    AuditReport report = audit(AuditZones.with(c.overrides()), c.domain(), c.options());
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
            })
        .anySatisfy(f -> assertThat(f.title()).contains(c.title()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void audit_cleanZoneDoesNotFindIt(Case c) {
    Set<CheckId> expectedOnClean = EnumSet.of(CheckId.DKIM_KEY, CheckId.MTASTS_POLICY_NOT_CHECKED);
    if (expectedOnClean.contains(c.id())
        || !c.options().equals(AuditOptions.defaults())
        || !c.domain().equals("example.com")) {
      return;
    }
    assertThat(audit(AuditZones.CLEAN, "example.com", AuditOptions.defaults()).has(c.id().id()))
        .isFalse();
  }

  @Test
  void everyCheckHasACase() {
    Set<CheckId> covered = EnumSet.noneOf(CheckId.class);
    CASES.forEach(c -> covered.add(c.id()));
    TransportAuditTest.CASES.forEach(c -> covered.add(c.id()));
    assertThat(EnumSet.complementOf(EnumSet.copyOf(covered))).isEmpty();
  }

  @Test
  void idsAreUnique() {
    assertThat(Stream.of(CheckId.values()).map(CheckId::id).distinct().count())
        .isEqualTo(CheckId.values().length);
  }

  @Test
  void audit_cleanZone_onlyInfo() {
    AuditReport r = audit(AuditZones.CLEAN, "example.com", AuditOptions.defaults());
    assertThat(r.findings())
        .extracting(Finding::id)
        .containsExactlyInAnyOrder("dkim.key", "mta-sts.policy-not-checked");
    assertThat(r.worstSeverity()).contains(Severity.INFO);
    assertThat(r.dnsFailed()).isFalse();
    assertThat(r.records().get(AuditSection.DMARC))
        .containsExactly("_dmarc.example.com TXT \"v=DMARC1; p=reject; " + RUA + "\"");
    assertThat(r.recommendation().changes()).isFalse();
  }

  @Test
  void audit_tempfail_reportedOnceAndNoFalseMissing() {
    AuditReport r =
        audit(
            AuditZones.with(DMARC + "-\n_dmarc.example.com. TIMEOUT"),
            "example.com",
            AuditOptions.defaults());
    assertThat(r.dnsFailed()).isTrue();
    assertThat(r.has("dmarc.missing")).isFalse();
    assertThat(r.findings()).filteredOn(f -> f.id().equals("dns.tempfail")).hasSize(1);
    assertThat(r.recommendation()).isNull();
  }

  @Test
  void audit_findingsGroupedBySectionThenSeverity() {
    AuditReport r =
        audit(
            AuditZones.with(SPF + "\"v=spf1 +all\"\n" + DMARC + "\"v=DMARC1; p=none\""),
            "example.com",
            AuditOptions.defaults());
    List<Finding> f = r.findings();
    for (int i = 1; i < f.size(); i++) {
      Finding a = f.get(i - 1);
      Finding b = f.get(i);
      assertThat(
              a.section().compareTo(b.section()) < 0
                  || (a.section() == b.section() && a.severity().compareTo(b.severity()) <= 0))
          .isTrue();
    }
  }

  @Test
  void withOptions_sameResolverOtherOptions() {
    InMemoryDnsResolver dns =
        InMemoryDnsResolver.fromZone(
            """
            example.com. TXT "v=spf1 -all"
            _dmarc.example.com. TXT "v=DMARC1; p=reject"
            """);
    DomainAudit audit = new DomainAudit(dns, AuditOptions.defaults());
    AuditOptions only =
        AuditOptions.defaults().withSelectors(List.of("s9")).withCommonSelectors(false);
    DomainAudit narrowed = audit.withOptions(only);
    assertThat(audit.options()).isEqualTo(AuditOptions.defaults());
    assertThat(narrowed.options()).isEqualTo(only);
    dns.resetQueries();
    narrowed.audit("example.com");
    assertThat(dns.queryCount("s9._domainkey.example.com")).isEqualTo(1);
    assertThat(dns.queryCount("google._domainkey.example.com")).isZero();
  }
}
