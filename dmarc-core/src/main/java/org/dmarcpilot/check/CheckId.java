// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.dmarcpilot.check.AuditSection.BIMI;
import static org.dmarcpilot.check.AuditSection.DKIM;
import static org.dmarcpilot.check.AuditSection.DMARC;
import static org.dmarcpilot.check.AuditSection.DOMAIN;
import static org.dmarcpilot.check.AuditSection.MTA_STS;
import static org.dmarcpilot.check.AuditSection.MX;
import static org.dmarcpilot.check.AuditSection.SPF;
import static org.dmarcpilot.check.AuditSection.TLS_RPT;
import static org.dmarcpilot.check.Severity.ERROR;
import static org.dmarcpilot.check.Severity.INFO;
import static org.dmarcpilot.check.Severity.WARNING;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

/**
 * Every check the audit makes, with its stable id, severity, and the explanation and fix shown to
 * people. The checks of checkdmarc are all here (REFERENCE-TOOLS.md §3), and those it lacks: DKIM,
 * {@code +all}/{@code ?all}/no {@code all}, {@code adkim}/{@code aspf} values, flattening, the next
 * record to publish. The explanations and fixes are in {@code checks.properties} next to this
 * class.
 */
public enum CheckId {
  DOMAIN_INVALID(DOMAIN, ERROR, "domain.invalid"),
  DOMAIN_NXDOMAIN(DOMAIN, ERROR, "domain.nxdomain"),
  NS_UNAPPROVED(DOMAIN, WARNING, "ns.unapproved"),
  DNS_TEMPFAIL(DOMAIN, ERROR, "dns.tempfail"),
  DMARC_MISSING(DMARC, ERROR, "dmarc.missing"),
  DMARC_INHERITED(DMARC, INFO, "dmarc.inherited"),
  DMARC_MULTIPLE(DMARC, ERROR, "dmarc.multiple-records"),
  DMARC_LEADING_WHITESPACE(DMARC, ERROR, "dmarc.leading-whitespace"),
  DMARC_BAD_VERSION(DMARC, ERROR, "dmarc.bad-version"),
  DMARC_UNRELATED_TXT(DMARC, WARNING, "dmarc.unrelated-txt"),
  DMARC_SPF_AT_DMARC(DMARC, ERROR, "dmarc.spf-at-dmarc"),
  DMARC_WRONG_LOCATION(DMARC, ERROR, "dmarc.wrong-location"),
  DMARC_AT_APEX(DMARC, WARNING, "dmarc.record-at-apex"),
  DMARC_SYNTAX(DMARC, ERROR, "dmarc.syntax"),
  DMARC_DUPLICATE_TAG(DMARC, ERROR, "dmarc.duplicate-tag"),
  DMARC_INVALID_POLICY(DMARC, ERROR, "dmarc.invalid-policy"),
  DMARC_INVALID_VALUE(DMARC, ERROR, "dmarc.invalid-value"),
  DMARC_INVALID_URI(DMARC, ERROR, "dmarc.invalid-uri"),
  DMARC_UNSUPPORTED_URI(DMARC, WARNING, "dmarc.unsupported-uri-scheme"),
  DMARC_UNKNOWN_TAG(DMARC, WARNING, "dmarc.unknown-tag"),
  DMARC_REMOVED_TAG(DMARC, WARNING, "dmarc.removed-tag"),
  DMARC_MISSING_P(DMARC, WARNING, "dmarc.missing-p"),
  DMARC_P_NOT_SECOND(DMARC, WARNING, "dmarc.p-not-second"),
  DMARC_CASE(DMARC, INFO, "dmarc.case"),
  DMARC_P_NONE(DMARC, WARNING, "dmarc.p-none"),
  DMARC_P_QUARANTINE(DMARC, INFO, "dmarc.p-quarantine"),
  DMARC_SP_NONE(DMARC, WARNING, "dmarc.sp-none"),
  DMARC_TESTING(DMARC, INFO, "dmarc.testing"),
  DMARC_FO_REDUNDANT(DMARC, WARNING, "dmarc.fo-redundant"),
  DMARC_FO_WITHOUT_RUF(DMARC, INFO, "dmarc.fo-without-ruf"),
  DMARC_URI_SIZE(DMARC, WARNING, "dmarc.uri-size-limit"),
  DMARC_EXTERNAL_UNVERIFIED(DMARC, WARNING, "dmarc.external-destination"),
  DMARC_REPORT_NO_MX(DMARC, WARNING, "dmarc.report-domain-no-mx"),
  DMARC_TOO_MANY_URIS(DMARC, WARNING, "dmarc.too-many-uris"),
  DMARC_NO_RUA(DMARC, WARNING, "dmarc.no-rua"),
  DMARC_RUF(DMARC, INFO, "dmarc.ruf"),
  DMARC_STRICT_ALIGNMENT(DMARC, INFO, "dmarc.strict-alignment"),
  DMARC_PSD(DMARC, INFO, "dmarc.psd"),
  PARKED_DMARC_P(DMARC, ERROR, "parked.dmarc-p"),
  PARKED_DMARC_SP(DMARC, ERROR, "parked.dmarc-sp"),
  SPF_MISSING(SPF, ERROR, "spf.missing"),
  SPF_MULTIPLE(SPF, ERROR, "spf.multiple-records"),
  SPF_SYNTAX(SPF, ERROR, "spf.syntax"),
  SPF_BAD_VERSION(SPF, ERROR, "spf.bad-version"),
  SPF_RR_TYPE(SPF, WARNING, "spf.rr-type-spf"),
  SPF_SENDER_ID(SPF, WARNING, "spf.sender-id"),
  SPF_UNDECODABLE(SPF, WARNING, "spf.undecodable"),
  SPF_STRING_TOO_LONG(SPF, ERROR, "spf.string-too-long"),
  SPF_SIZE(SPF, WARNING, "spf.size"),
  SPF_SIZE_UDP(SPF, WARNING, "spf.size-udp"),
  SPF_TOO_MANY_LOOKUPS(SPF, ERROR, "spf.too-many-lookups"),
  SPF_LOOKUPS_NEAR_LIMIT(SPF, INFO, "spf.lookups-near-limit"),
  SPF_TOO_MANY_VOID(SPF, ERROR, "spf.too-many-void-lookups"),
  SPF_VOID_TARGET(SPF, WARNING, "spf.void-target"),
  SPF_INCLUDE_LOOP(SPF, ERROR, "spf.include-loop"),
  SPF_REDIRECT_LOOP(SPF, ERROR, "spf.redirect-loop"),
  SPF_TARGET(SPF, ERROR, "spf.include-target"),
  SPF_MX_TOO_MANY(SPF, ERROR, "spf.mx-too-many-hosts"),
  SPF_MX_HOST_NO_ADDRESS(SPF, WARNING, "spf.mx-host-no-address"),
  SPF_DUPLICATE_INCLUDE(SPF, WARNING, "spf.duplicate-include"),
  SPF_PTR(SPF, WARNING, "spf.ptr"),
  SPF_AFTER_ALL(SPF, WARNING, "spf.text-after-all"),
  SPF_EXP_NOT_LAST(SPF, WARNING, "spf.exp-not-last"),
  SPF_EXP_TARGET(SPF, WARNING, "spf.exp-target"),
  SPF_UNKNOWN_MODIFIER(SPF, INFO, "spf.unknown-modifier"),
  SPF_MACRO(SPF, INFO, "spf.macro"),
  SPF_PASS_ALL(SPF, ERROR, "spf.pass-all"),
  SPF_NEUTRAL_ALL(SPF, WARNING, "spf.neutral-all"),
  SPF_NO_ALL(SPF, WARNING, "spf.no-all"),
  SPF_FLATTENING(SPF, INFO, "spf.flattening"),
  SPF_ANALYSIS_LIMIT(SPF, WARNING, "spf.analysis-limit"),
  PARKED_SPF(SPF, ERROR, "parked.spf"),
  DKIM_NONE_FOUND(DKIM, WARNING, "dkim.none-found"),
  DKIM_KEY(DKIM, INFO, "dkim.key"),
  DKIM_SELECTOR_MISSING(DKIM, ERROR, "dkim.selector-missing"),
  DKIM_SYNTAX(DKIM, ERROR, "dkim.syntax"),
  DKIM_MULTIPLE(DKIM, ERROR, "dkim.multiple-records"),
  DKIM_REVOKED(DKIM, INFO, "dkim.revoked"),
  DKIM_RSA_TOO_SHORT(DKIM, ERROR, "dkim.rsa-too-short"),
  DKIM_RSA_SHORT(DKIM, WARNING, "dkim.rsa-short"),
  DKIM_TESTING(DKIM, WARNING, "dkim.testing"),
  DKIM_SHA1_ONLY(DKIM, WARNING, "dkim.sha1-only"),
  DKIM_NOT_EMAIL(DKIM, ERROR, "dkim.not-for-email"),
  DKIM_UNKNOWN_TAG(DKIM, INFO, "dkim.unknown-tag"),
  MX_NONE(MX, INFO, "mx.none"),
  MX_NULL(MX, INFO, "mx.null"),
  MX_NULL_WITH_OTHERS(MX, ERROR, "mx.null-with-others"),
  MX_DUPLICATE_HOST(MX, WARNING, "mx.duplicate-host"),
  MX_HOST_NO_ADDRESS(MX, WARNING, "mx.host-no-address"),
  MX_HOST_CNAME(MX, WARNING, "mx.host-is-cname"),
  MX_IP_LITERAL(MX, ERROR, "mx.ip-address"),
  MX_NO_PTR(MX, WARNING, "mx.no-ptr"),
  MX_PTR_MISMATCH(MX, WARNING, "mx.ptr-mismatch"),
  MX_UNAPPROVED(MX, WARNING, "mx.unapproved"),
  PARKED_MX(MX, ERROR, "parked.mx"),
  PARKED_NO_NULL_MX(MX, WARNING, "parked.no-null-mx"),
  MTASTS_NONE(MTA_STS, INFO, "mta-sts.none"),
  MTASTS_MULTIPLE(MTA_STS, ERROR, "mta-sts.multiple-records"),
  MTASTS_UNRELATED(MTA_STS, WARNING, "mta-sts.unrelated-txt"),
  MTASTS_SYNTAX(MTA_STS, ERROR, "mta-sts.syntax"),
  MTASTS_POLICY_UNREACHABLE(MTA_STS, ERROR, "mta-sts.policy-unreachable"),
  MTASTS_POLICY_INVALID(MTA_STS, ERROR, "mta-sts.policy-invalid"),
  MTASTS_POLICY_WARNING(MTA_STS, WARNING, "mta-sts.policy-warning"),
  MTASTS_CONTENT_TYPE(MTA_STS, WARNING, "mta-sts.content-type"),
  MTASTS_MX_NOT_COVERED(MTA_STS, WARNING, "mta-sts.mx-not-covered"),
  MTASTS_POLICY_NOT_CHECKED(MTA_STS, INFO, "mta-sts.policy-not-checked"),
  TLSRPT_NONE(TLS_RPT, INFO, "tls-rpt.none"),
  TLSRPT_MULTIPLE(TLS_RPT, ERROR, "tls-rpt.multiple-records"),
  TLSRPT_UNRELATED(TLS_RPT, WARNING, "tls-rpt.unrelated-txt"),
  TLSRPT_SPF(TLS_RPT, ERROR, "tls-rpt.spf-record"),
  TLSRPT_SYNTAX(TLS_RPT, ERROR, "tls-rpt.syntax"),
  BIMI_NONE(BIMI, INFO, "bimi.none"),
  BIMI_MULTIPLE(BIMI, ERROR, "bimi.multiple-records"),
  BIMI_SYNTAX(BIMI, ERROR, "bimi.syntax"),
  BIMI_NOT_HTTPS(BIMI, ERROR, "bimi.not-https"),
  BIMI_NO_CERTIFICATE(BIMI, WARNING, "bimi.no-certificate"),
  BIMI_DMARC_NOT_ENFORCED(BIMI, ERROR, "bimi.dmarc-not-enforced");

  private static final Properties TEXTS = load();

  private final AuditSection section;
  private final Severity severity;
  private final String id;

  CheckId(AuditSection section, Severity severity, String id) {
    this.section = section;
    this.severity = severity;
    this.id = id;
  }

  private static Properties load() {
    Properties p = new Properties();
    try (InputStream in = CheckId.class.getResourceAsStream("checks.properties")) {
      if (in == null) {
        throw new IllegalStateException("checks.properties is missing");
      }
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static String text(String key) {
    String t = TEXTS.getProperty(key);
    if (t == null) {
      throw new IllegalStateException("checks.properties has no " + key);
    }
    return t;
  }

  /** The stable identifier, such as {@code dmarc.p-none}. */
  public String id() {
    return id;
  }

  /** The record it concerns. */
  public AuditSection section() {
    return section;
  }

  /** The default severity. */
  public Severity severity() {
    return severity;
  }

  /** The explanation shown to people. */
  public String explanation() {
    return text(id + ".explanation");
  }

  /** The default fix. */
  public String fix() {
    return text(id + ".fix");
  }

  /** A finding of this check with the default fix. */
  Finding finding(String title, List<String> evidence) {
    return new Finding(id, severity, section, title, explanation(), fix(), evidence);
  }

  /** A finding of this check with a specific fix. */
  Finding finding(String title, String specificFix, List<String> evidence) {
    return new Finding(id, severity, section, title, explanation(), specificFix, evidence);
  }
}
