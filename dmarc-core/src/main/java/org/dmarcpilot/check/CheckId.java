// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import static org.dmarcpilot.check.AuditSection.BIMI;
import static org.dmarcpilot.check.AuditSection.DKIM;
import static org.dmarcpilot.check.AuditSection.DMARC;
import static org.dmarcpilot.check.AuditSection.DNSSEC;
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
  /** {@code domain.invalid}: The name is not a valid domain name, so it cannot have DNS records. */
  DOMAIN_INVALID(DOMAIN, ERROR, "domain.invalid"),
  /** {@code domain.nxdomain}: The DNS says this domain does not exist (NXDOMAIN). */
  DOMAIN_NXDOMAIN(DOMAIN, ERROR, "domain.nxdomain"),
  /**
   * {@code ns.unapproved}: The domain is served by a name server that is not on the approved list
   * you gave.
   */
  NS_UNAPPROVED(DOMAIN, WARNING, "ns.unapproved"),
  /** {@code dns.tempfail}: A DNS query failed (timeout, SERVFAIL or refused). */
  DNS_TEMPFAIL(DOMAIN, ERROR, "dns.tempfail"),
  /**
   * {@code dmarc.missing}: Without a DMARC record, receivers have no policy for mail that fails
   * authentication, anyone can send mail that appears to come from this domain, and you get no
   * reports.
   */
  DMARC_MISSING(DMARC, ERROR, "dmarc.missing"),
  /** {@code dmarc.inherited}: The domain has no DMARC record of its own. */
  DMARC_INHERITED(DMARC, INFO, "dmarc.inherited"),
  /** {@code dmarc.multiple-records}: There is more than one DMARC record. */
  DMARC_MULTIPLE(DMARC, ERROR, "dmarc.multiple-records"),
  /** {@code dmarc.leading-whitespace}: The record starts with whitespace. */
  DMARC_LEADING_WHITESPACE(DMARC, ERROR, "dmarc.leading-whitespace"),
  /**
   * {@code dmarc.bad-version}: A TXT record at _dmarc looks like a DMARC record but does not start
   * with exactly "v=DMARC1;" (upper case DMARC1, then a semicolon).
   */
  DMARC_BAD_VERSION(DMARC, ERROR, "dmarc.bad-version"),
  /** {@code dmarc.unrelated-txt}: A TXT record at _dmarc is not a DMARC record. */
  DMARC_UNRELATED_TXT(DMARC, WARNING, "dmarc.unrelated-txt"),
  /** {@code dmarc.spf-at-dmarc}: An SPF record was published at _dmarc. */
  DMARC_SPF_AT_DMARC(DMARC, ERROR, "dmarc.spf-at-dmarc"),
  /**
   * {@code dmarc.wrong-location}: A DMARC record was published at the domain itself instead of at
   * _dmarc.<domain>.
   */
  DMARC_WRONG_LOCATION(DMARC, ERROR, "dmarc.wrong-location"),
  /** {@code dmarc.record-at-apex}: A DMARC record is also published at the domain itself. */
  DMARC_AT_APEX(DMARC, WARNING, "dmarc.record-at-apex"),
  /** {@code dmarc.syntax}: Part of the record does not follow the tag=value. */
  DMARC_SYNTAX(DMARC, ERROR, "dmarc.syntax"),
  /** {@code dmarc.duplicate-tag}: A tag appears twice. */
  DMARC_DUPLICATE_TAG(DMARC, ERROR, "dmarc.duplicate-tag"),
  /**
   * {@code dmarc.invalid-policy}: A policy tag (p, sp or np) has a value other than none,
   * quarantine or reject.
   */
  DMARC_INVALID_POLICY(DMARC, ERROR, "dmarc.invalid-policy"),
  /** {@code dmarc.invalid-value}: A tag has a value its definition does not allow. */
  DMARC_INVALID_VALUE(DMARC, ERROR, "dmarc.invalid-value"),
  /** {@code dmarc.invalid-uri}: A report address is not a usable URI. */
  DMARC_INVALID_URI(DMARC, ERROR, "dmarc.invalid-uri"),
  /** {@code dmarc.unsupported-uri-scheme}: Receivers only have to support mailto. */
  DMARC_UNSUPPORTED_URI(DMARC, WARNING, "dmarc.unsupported-uri-scheme"),
  /** {@code dmarc.unknown-tag}: The record has a tag DMARC does not define. */
  DMARC_UNKNOWN_TAG(DMARC, WARNING, "dmarc.unknown-tag"),
  /** {@code dmarc.removed-tag}: RFC 9989 removed pct, rf and ri. */
  DMARC_REMOVED_TAG(DMARC, WARNING, "dmarc.removed-tag"),
  /** {@code dmarc.missing-p}: The record has no p tag. */
  DMARC_MISSING_P(DMARC, WARNING, "dmarc.missing-p"),
  /** {@code dmarc.p-not-second}: The p tag is not the second tag. */
  DMARC_P_NOT_SECOND(DMARC, WARNING, "dmarc.p-not-second"),
  /** {@code dmarc.case}: A tag name or value is written in upper case. */
  DMARC_CASE(DMARC, INFO, "dmarc.case"),
  /** {@code dmarc.p-none}: p=none only monitors. */
  DMARC_P_NONE(DMARC, WARNING, "dmarc.p-none"),
  /** {@code dmarc.p-quarantine}: p=quarantine sends failing mail to spam. */
  DMARC_P_QUARANTINE(DMARC, INFO, "dmarc.p-quarantine"),
  /** {@code dmarc.sp-none}: sp=none leaves subdomains unprotected. */
  DMARC_SP_NONE(DMARC, WARNING, "dmarc.sp-none"),
  /** {@code dmarc.np-none}: np=none leaves names that do not exist unprotected. */
  DMARC_NP_NONE(DMARC, WARNING, "dmarc.np-none"),
  /** {@code dmarc.testing}: t=y (testing). */
  DMARC_TESTING(DMARC, INFO, "dmarc.testing"),
  /**
   * {@code dmarc.fo-redundant}: fo=1 (report any failure) already covers fo=0 (report when
   * everything fails).
   */
  DMARC_FO_REDUNDANT(DMARC, WARNING, "dmarc.fo-redundant"),
  /**
   * {@code dmarc.fo-without-ruf}: fo only controls failure reports, and there is no ruf address to
   * send them to.
   */
  DMARC_FO_WITHOUT_RUF(DMARC, INFO, "dmarc.fo-without-ruf"),
  /** {@code dmarc.uri-size-limit}: The !size suffix on a report address is obsolete in RFC 9989. */
  DMARC_URI_SIZE(DMARC, WARNING, "dmarc.uri-size-limit"),
  /**
   * {@code dmarc.external-destination}: Reports go to a domain outside your organisation that has
   * not published the record that authorises it to receive them.
   */
  DMARC_EXTERNAL_UNVERIFIED(DMARC, WARNING, "dmarc.external-destination"),
  /**
   * {@code dmarc.report-domain-no-mx}: The domain of a report address has no MX record, so reports
   * may not be deliverable.
   */
  DMARC_REPORT_NO_MX(DMARC, WARNING, "dmarc.report-domain-no-mx"),
  /** {@code dmarc.too-many-uris}: Some reporters send to at most two addresses per tag. */
  DMARC_TOO_MANY_URIS(DMARC, WARNING, "dmarc.too-many-uris"),
  /**
   * {@code dmarc.no-rua}: Without rua you receive no aggregate reports, so you cannot see who sends
   * mail as your domain, nor move safely to a stricter policy.
   */
  DMARC_NO_RUA(DMARC, WARNING, "dmarc.no-rua"),
  /**
   * {@code dmarc.ruf}: Few receivers send failure reports (ruf), and those that do may include
   * personal data from the failing messages.
   */
  DMARC_RUF(DMARC, INFO, "dmarc.ruf"),
  /**
   * {@code dmarc.strict-alignment}: Strict alignment (adkim=s or aspf=s) requires the exact domain,
   * not just the same organisation.
   */
  DMARC_STRICT_ALIGNMENT(DMARC, INFO, "dmarc.strict-alignment"),
  /** {@code dmarc.psd}: psd=y declares this domain a Public Suffix Domain (like a TLD). */
  DMARC_PSD(DMARC, INFO, "dmarc.psd"),
  /**
   * {@code parked.dmarc-p}: A domain that sends no mail should tell receivers to reject everything
   * that claims to come from it.
   */
  PARKED_DMARC_P(DMARC, ERROR, "parked.dmarc-p"),
  /** {@code parked.dmarc-sp}: Subdomains of a domain that sends no mail should be rejected too. */
  PARKED_DMARC_SP(DMARC, ERROR, "parked.dmarc-sp"),
  /**
   * {@code spf.missing}: Without SPF, receivers cannot tell which servers may send mail for this
   * domain, and DMARC depends on DKIM alone.
   */
  SPF_MISSING(SPF, ERROR, "spf.missing"),
  /** {@code spf.multiple-records}: There is more than one SPF record. */
  SPF_MULTIPLE(SPF, ERROR, "spf.multiple-records"),
  /** {@code spf.syntax}: The SPF record does not parse. */
  SPF_SYNTAX(SPF, ERROR, "spf.syntax"),
  /**
   * {@code spf.bad-version}: A TXT record looks like SPF but does not start with exactly "v=spf1 "
   * (no leading space, a space after v=spf1).
   */
  SPF_BAD_VERSION(SPF, ERROR, "spf.bad-version"),
  /** {@code spf.rr-type-spf}: Records of the obsolete DNS type SPF (99) were found. */
  SPF_RR_TYPE(SPF, WARNING, "spf.rr-type-spf"),
  /** {@code spf.sender-id}: A Sender ID record (spf2.0/...) was found. */
  SPF_SENDER_ID(SPF, WARNING, "spf.sender-id"),
  /** {@code spf.undecodable}: A TXT record at the domain is not valid text (UTF-8). */
  SPF_UNDECODABLE(SPF, WARNING, "spf.undecodable"),
  /** {@code spf.string-too-long}: A TXT string is longer than 255 characters. */
  SPF_STRING_TOO_LONG(SPF, ERROR, "spf.string-too-long"),
  /**
   * {@code spf.size}: RFC 7208 §3.4 recommends keeping SPF answers under about 450 bytes so they
   * fit one UDP packet with the rest of the answer.
   */
  SPF_SIZE(SPF, WARNING, "spf.size"),
  /** {@code spf.size-udp}: The record is over 512 bytes, the classic UDP limit. */
  SPF_SIZE_UDP(SPF, WARNING, "spf.size-udp"),
  /**
   * {@code spf.too-many-lookups}: SPF allows at most 10 DNS-querying terms (include, a, mx, ptr,
   * exists, redirect), counted through every include (RFC 7208 §4.6.4).
   */
  SPF_TOO_MANY_LOOKUPS(SPF, ERROR, "spf.too-many-lookups"),
  /** {@code spf.lookups-near-limit}: The record is close to the limit of 10 DNS lookups. */
  SPF_LOOKUPS_NEAR_LIMIT(SPF, INFO, "spf.lookups-near-limit"),
  /**
   * {@code spf.too-many-void-lookups}: More than 2 lookups return nothing (NXDOMAIN or no records).
   */
  SPF_TOO_MANY_VOID(SPF, ERROR, "spf.too-many-void-lookups"),
  /** {@code spf.void-target}: A term points at a name without records. */
  SPF_VOID_TARGET(SPF, WARNING, "spf.void-target"),
  /** {@code spf.include-loop}: An include leads back to a record already being evaluated. */
  SPF_INCLUDE_LOOP(SPF, ERROR, "spf.include-loop"),
  /** {@code spf.redirect-loop}: A redirect leads back to a record already being evaluated. */
  SPF_REDIRECT_LOOP(SPF, ERROR, "spf.redirect-loop"),
  /**
   * {@code spf.include-target}: An include or redirect points at a domain without exactly one valid
   * SPF record.
   */
  SPF_TARGET(SPF, ERROR, "spf.include-target"),
  /** {@code spf.mx-too-many-hosts}: An mx term names more than 10 mail hosts. */
  SPF_MX_TOO_MANY(SPF, ERROR, "spf.mx-too-many-hosts"),
  /**
   * {@code spf.mx-host-no-address}: A mail host named by an mx term has no address, so it never
   * matches.
   */
  SPF_MX_HOST_NO_ADDRESS(SPF, WARNING, "spf.mx-host-no-address"),
  /** {@code spf.duplicate-include}: The same domain is included more than once. */
  SPF_DUPLICATE_INCLUDE(SPF, WARNING, "spf.duplicate-include"),
  /** {@code spf.ptr}: The ptr mechanism is slow, unreliable and discouraged by RFC 7208 §5.5. */
  SPF_PTR(SPF, WARNING, "spf.ptr"),
  /**
   * {@code spf.text-after-all}: Terms after the all mechanism are never evaluated (and a redirect
   * next to all is ignored).
   */
  SPF_AFTER_ALL(SPF, WARNING, "spf.text-after-all"),
  /** {@code spf.exp-not-last}: Terms follow the exp modifier. */
  SPF_EXP_NOT_LAST(SPF, WARNING, "spf.exp-not-last"),
  /**
   * {@code spf.exp-target}: The exp= modifier should point at a name with exactly one TXT record
   * (the explanation).
   */
  SPF_EXP_TARGET(SPF, WARNING, "spf.exp-target"),
  /** {@code spf.unknown-modifier}: The record has a modifier SPF does not define. */
  SPF_UNKNOWN_MODIFIER(SPF, INFO, "spf.unknown-modifier"),
  /**
   * {@code spf.macro}: A term uses macros, so it depends on each message and was counted as one
   * lookup without being resolved.
   */
  SPF_MACRO(SPF, INFO, "spf.macro"),
  /** {@code spf.pass-all}: +all lets every server on the Internet pass SPF for this domain. */
  SPF_PASS_ALL(SPF, ERROR, "spf.pass-all"),
  /** {@code spf.neutral-all}: ?all (neutral) says nothing about unlisted servers. */
  SPF_NEUTRAL_ALL(SPF, WARNING, "spf.neutral-all"),
  /**
   * {@code spf.no-all}: The record has no all mechanism and no redirect, so unlisted servers get a
   * neutral result, as with ?all.
   */
  SPF_NO_ALL(SPF, WARNING, "spf.no-all"),
  /**
   * {@code spf.flattening}: Flattening replaces includes with the IP ranges they resolve to today,
   * which saves lookups.
   */
  SPF_FLATTENING(SPF, INFO, "spf.flattening"),
  /** {@code spf.analysis-limit}: The SPF tree is so large that the analysis stopped. */
  SPF_ANALYSIS_LIMIT(SPF, WARNING, "spf.analysis-limit"),
  /** {@code parked.spf}: A domain that sends no mail should say so with SPF. */
  PARKED_SPF(SPF, ERROR, "parked.spf"),
  /** {@code dkim.none-found}: No DKIM key was found. */
  DKIM_NONE_FOUND(DKIM, WARNING, "dkim.none-found"),
  /** {@code dkim.key}: A DKIM key is published for this selector. */
  DKIM_KEY(DKIM, INFO, "dkim.key"),
  /**
   * {@code dkim.selector-missing}: No key is published for a selector you named, so signatures that
   * use it fail.
   */
  DKIM_SELECTOR_MISSING(DKIM, ERROR, "dkim.selector-missing"),
  /**
   * {@code dkim.syntax}: The key record does not parse, so every signature with this selector
   * fails.
   */
  DKIM_SYNTAX(DKIM, ERROR, "dkim.syntax"),
  /** {@code dkim.multiple-records}: More than one TXT record at the selector. */
  DKIM_MULTIPLE(DKIM, ERROR, "dkim.multiple-records"),
  /** {@code dkim.revoked}: The key is revoked (empty p=). */
  DKIM_REVOKED(DKIM, INFO, "dkim.revoked"),
  /** {@code dkim.rsa-too-short}: RSA keys under 1024 bits can be broken. */
  DKIM_RSA_TOO_SHORT(DKIM, ERROR, "dkim.rsa-too-short"),
  /** {@code dkim.rsa-short}: 1024-bit RSA keys are the minimum and are being phased out. */
  DKIM_RSA_SHORT(DKIM, WARNING, "dkim.rsa-short"),
  /** {@code dkim.testing}: t=y marks the key as being tested. */
  DKIM_TESTING(DKIM, WARNING, "dkim.testing"),
  /**
   * {@code dkim.sha1-only}: h=sha1 limits the key to SHA-1 signatures, which RFC 8301 says
   * verifiers must not accept.
   */
  DKIM_SHA1_ONLY(DKIM, WARNING, "dkim.sha1-only"),
  /**
   * {@code dkim.not-for-email}: The key's s= service type does not include email, so mail
   * signatures with it fail.
   */
  DKIM_NOT_EMAIL(DKIM, ERROR, "dkim.not-for-email"),
  /**
   * {@code dkim.unknown-tag}: The key record has a tag DKIM does not define (such as the obsolete
   * g=).
   */
  DKIM_UNKNOWN_TAG(DKIM, INFO, "dkim.unknown-tag"),
  /**
   * {@code mx.none}: The domain has no MX record, so senders fall back to its address record, if
   * any.
   */
  MX_NONE(MX, INFO, "mx.none"),
  /** {@code mx.null}: A null MX (RFC 7505) says the domain accepts no mail. */
  MX_NULL(MX, INFO, "mx.null"),
  /** {@code mx.null-with-others}: A null MX must be the only MX record (RFC 7505). */
  MX_NULL_WITH_OTHERS(MX, ERROR, "mx.null-with-others"),
  /** {@code mx.duplicate-host}: The same host is listed in more than one MX record. */
  MX_DUPLICATE_HOST(MX, WARNING, "mx.duplicate-host"),
  /**
   * {@code mx.host-no-address}: A mail host has no A or AAAA record, so mail cannot be delivered to
   * it.
   */
  MX_HOST_NO_ADDRESS(MX, WARNING, "mx.host-no-address"),
  /** {@code mx.host-is-cname}: An MX record points at an alias (CNAME). */
  MX_HOST_CNAME(MX, WARNING, "mx.host-is-cname"),
  /** {@code mx.ip-address}: An MX record holds an IP address. */
  MX_IP_LITERAL(MX, ERROR, "mx.ip-address"),
  /** {@code mx.no-ptr}: A mail host's address has no reverse DNS (PTR). */
  MX_NO_PTR(MX, WARNING, "mx.no-ptr"),
  /**
   * {@code mx.ptr-mismatch}: The reverse DNS of a mail host's address does not lead back to that
   * address (forward-confirmed reverse DNS fails).
   */
  MX_PTR_MISMATCH(MX, WARNING, "mx.ptr-mismatch"),
  /**
   * {@code mx.unapproved}: An MX record names a mail host that is not on the approved list you
   * gave.
   */
  MX_UNAPPROVED(MX, WARNING, "mx.unapproved"),
  /**
   * {@code mx.starttls-missing}: A mail host does not offer STARTTLS on port 25, or the TLS
   * handshake after it fails, so mail to it travels unencrypted.
   */
  MX_STARTTLS_MISSING(MX, WARNING, "mx.starttls-missing"),
  /** {@code mx.smtps-missing}: A mail host does not accept TLS on port 465 either. */
  MX_SMTPS_MISSING(MX, INFO, "mx.smtps-missing"),
  /**
   * {@code mx.smtp-error}: A mail host could not be reached on port 25, or answered with an SMTP
   * error.
   */
  MX_SMTP_ERROR(MX, WARNING, "mx.smtp-error"),
  /**
   * {@code mx.tls-certificate}: A mail host's TLS certificate would fail verification (untrusted,
   * expired or for another name).
   */
  MX_TLS_CERTIFICATE(MX, WARNING, "mx.tls-certificate"),
  /** {@code mx.dane-tlsa}: A mail host publishes TLSA records for DANE (RFC 7672). */
  MX_DANE_TLSA(MX, INFO, "mx.dane-tlsa"),
  /**
   * {@code mx.tlsa-unsigned}: TLSA records are published without DNSSEC signatures, so senders
   * ignore them.
   */
  MX_TLSA_UNSIGNED(MX, WARNING, "mx.tlsa-unsigned"),
  /** {@code dnssec.unsigned}: The domain's zone is not signed with DNSSEC. */
  DNSSEC_UNSIGNED(DNSSEC, INFO, "dnssec.unsigned"),
  /**
   * {@code dnssec.invalid}: The zone publishes DNSSEC keys but a signature is missing, expired or
   * wrong.
   */
  DNSSEC_INVALID(DNSSEC, ERROR, "dnssec.invalid"),
  /**
   * {@code parked.mx}: A domain that receives no mail should not publish MX records pointing at
   * mail hosts.
   */
  PARKED_MX(MX, ERROR, "parked.mx"),
  /**
   * {@code parked.no-null-mx}: A domain that receives no mail should publish a null MX (RFC 7505),
   * so that senders stop at once instead of trying its address record.
   */
  PARKED_NO_NULL_MX(MX, WARNING, "parked.no-null-mx"),
  /** {@code mta-sts.none}: No MTA-STS record. */
  MTASTS_NONE(MTA_STS, INFO, "mta-sts.none"),
  /** {@code mta-sts.multiple-records}: More than one MTA-STS record. */
  MTASTS_MULTIPLE(MTA_STS, ERROR, "mta-sts.multiple-records"),
  /** {@code mta-sts.unrelated-txt}: A TXT record at _mta-sts is not an MTA-STS record. */
  MTASTS_UNRELATED(MTA_STS, WARNING, "mta-sts.unrelated-txt"),
  /** {@code mta-sts.syntax}: The MTA-STS record is invalid. */
  MTASTS_SYNTAX(MTA_STS, ERROR, "mta-sts.syntax"),
  /**
   * {@code mta-sts.policy-unreachable}: MTA-STS is announced but the policy file cannot be fetched
   * over HTTPS.
   */
  MTASTS_POLICY_UNREACHABLE(MTA_STS, ERROR, "mta-sts.policy-unreachable"),
  /** {@code mta-sts.policy-invalid}: The MTA-STS policy file is invalid. */
  MTASTS_POLICY_INVALID(MTA_STS, ERROR, "mta-sts.policy-invalid"),
  /**
   * {@code mta-sts.policy-warning}: The MTA-STS policy file has keys that senders ignore or repeat.
   */
  MTASTS_POLICY_WARNING(MTA_STS, WARNING, "mta-sts.policy-warning"),
  /**
   * {@code mta-sts.content-type}: The policy file should be served as text/plain (RFC 8461 §3.3).
   */
  MTASTS_CONTENT_TYPE(MTA_STS, WARNING, "mta-sts.content-type"),
  /**
   * {@code mta-sts.mx-not-covered}: A mail host of the domain does not match any mx line of the
   * MTA-STS policy.
   */
  MTASTS_MX_NOT_COVERED(MTA_STS, WARNING, "mta-sts.mx-not-covered"),
  /**
   * {@code mta-sts.policy-not-checked}: The policy file at
   * https://mta-sts.<domain>/.well-known/mta-sts.txt was not fetched by this check.
   */
  MTASTS_POLICY_NOT_CHECKED(MTA_STS, INFO, "mta-sts.policy-not-checked"),
  /** {@code tls-rpt.none}: No TLS reporting record. */
  TLSRPT_NONE(TLS_RPT, INFO, "tls-rpt.none"),
  /** {@code tls-rpt.multiple-records}: More than one TLS-RPT record. */
  TLSRPT_MULTIPLE(TLS_RPT, ERROR, "tls-rpt.multiple-records"),
  /** {@code tls-rpt.unrelated-txt}: A TXT record at _smtp._tls is not a TLS-RPT record. */
  TLSRPT_UNRELATED(TLS_RPT, WARNING, "tls-rpt.unrelated-txt"),
  /**
   * {@code tls-rpt.spf-record}: An SPF record was published at _smtp._tls, where the TLS reporting
   * record belongs.
   */
  TLSRPT_SPF(TLS_RPT, ERROR, "tls-rpt.spf-record"),
  /** {@code tls-rpt.syntax}: The TLS-RPT record is invalid. */
  TLSRPT_SYNTAX(TLS_RPT, ERROR, "tls-rpt.syntax"),
  /** {@code bimi.none}: No BIMI record. */
  BIMI_NONE(BIMI, INFO, "bimi.none"),
  /** {@code bimi.multiple-records}: More than one BIMI record at default._bimi. */
  BIMI_MULTIPLE(BIMI, ERROR, "bimi.multiple-records"),
  /** {@code bimi.syntax}: The BIMI record is invalid. */
  BIMI_SYNTAX(BIMI, ERROR, "bimi.syntax"),
  /** {@code bimi.not-https}: BIMI logo (l=) and certificate (a=) locations must be https URLs. */
  BIMI_NOT_HTTPS(BIMI, ERROR, "bimi.not-https"),
  /**
   * {@code bimi.no-certificate}: Most mailbox providers show a BIMI logo only with a mark
   * certificate (VMC or CMC, a=).
   */
  BIMI_NO_CERTIFICATE(BIMI, WARNING, "bimi.no-certificate"),
  /** {@code bimi.dmarc-not-enforced}: BIMI requires DMARC enforcement. */
  BIMI_DMARC_NOT_ENFORCED(BIMI, ERROR, "bimi.dmarc-not-enforced"),
  /** {@code bimi.logo-unreachable}: The logo at l= cannot be fetched, or is too large. */
  BIMI_LOGO_UNREACHABLE(BIMI, ERROR, "bimi.logo-unreachable"),
  /** {@code bimi.svg-invalid}: The logo is not a valid SVG Tiny Portable/Secure image. */
  BIMI_SVG_INVALID(BIMI, ERROR, "bimi.svg-invalid"),
  /** {@code bimi.svg-not-square}: The logo is not square. */
  BIMI_SVG_NOT_SQUARE(BIMI, WARNING, "bimi.svg-not-square"),
  /** {@code bimi.svg-title}: The logo has no title, or a placeholder one. */
  BIMI_SVG_TITLE(BIMI, WARNING, "bimi.svg-title"),
  /** {@code bimi.certificate-unreachable}: The mark certificate at a= cannot be fetched. */
  BIMI_CERT_UNREACHABLE(BIMI, ERROR, "bimi.certificate-unreachable"),
  /** {@code bimi.certificate-invalid}: The file at a= is not a PEM certificate. */
  BIMI_CERT_INVALID(BIMI, ERROR, "bimi.certificate-invalid"),
  /** {@code bimi.certificate-expired}: The mark certificate has expired or is not yet valid. */
  BIMI_CERT_EXPIRED(BIMI, ERROR, "bimi.certificate-expired"),
  /** {@code bimi.certificate-expiring}: The mark certificate expires in less than a day. */
  BIMI_CERT_EXPIRING(BIMI, WARNING, "bimi.certificate-expiring"),
  /** {@code bimi.certificate-domain}: The mark certificate does not cover this domain. */
  BIMI_CERT_DOMAIN(BIMI, ERROR, "bimi.certificate-domain"),
  /**
   * {@code bimi.certificate-untrusted}: The mark certificate does not lead to a mark certificate
   * authority on the list given.
   */
  BIMI_CERT_UNTRUSTED(BIMI, ERROR, "bimi.certificate-untrusted"),
  /**
   * {@code bimi.certificate-chain-not-checked}: No list of mark certificate authorities was given,
   * so the issuer was not checked.
   */
  BIMI_CERT_CHAIN_NOT_CHECKED(BIMI, INFO, "bimi.certificate-chain-not-checked"),
  /** {@code bimi.certificate-no-logo}: The certificate embeds no logo (logotype extension). */
  BIMI_CERT_NO_LOGO(BIMI, ERROR, "bimi.certificate-no-logo"),
  /**
   * {@code bimi.certificate-logo-mismatch}: The logo at l= is not the logo embedded in the mark
   * certificate.
   */
  BIMI_CERT_LOGO_MISMATCH(BIMI, ERROR, "bimi.certificate-logo-mismatch");

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
