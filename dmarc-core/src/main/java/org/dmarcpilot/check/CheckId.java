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

import java.util.List;

/**
 * Every check the audit makes, with its stable id, severity, and the explanation and fix shown to
 * people. The checks of checkdmarc are all here (REFERENCE-TOOLS.md §3), and those it lacks: DKIM,
 * {@code +all}/{@code ?all}/no {@code all}, {@code adkim}/{@code aspf} values, flattening, the next
 * record to publish.
 */
public enum CheckId {
  // domain
  DOMAIN_INVALID(
      DOMAIN,
      ERROR,
      "domain.invalid",
      "The name is not a valid domain name, so it cannot have DNS records.",
      "Check the spelling: letters, digits and hyphens, labels separated by dots."),
  DOMAIN_NXDOMAIN(
      DOMAIN,
      ERROR,
      "domain.nxdomain",
      "The DNS says this domain does not exist (NXDOMAIN). Nothing can be checked, and mail from it"
          + " is rejected by many receivers.",
      "Check the spelling, or register and delegate the domain first."),
  DNS_TEMPFAIL(
      DOMAIN,
      ERROR,
      "dns.tempfail",
      "A DNS query failed (timeout, SERVFAIL or refused). The results below are incomplete, and"
          + " receivers that see the same failure defer or reject mail.",
      "Run the check again; if it persists, check the domain's name servers and delegation."),

  // DMARC
  DMARC_MISSING(
      DMARC,
      ERROR,
      "dmarc.missing",
      "Without a DMARC record, receivers have no policy for mail that fails authentication, anyone"
          + " can send mail that appears to come from this domain, and you get no reports.",
      "Publish a DMARC record; start with p=none and a rua address to collect reports."),
  DMARC_INHERITED(
      DMARC,
      INFO,
      "dmarc.inherited",
      "The domain has no DMARC record of its own; receivers apply the record of its"
          + " Organizational Domain or Public Suffix Domain (sp= for existing subdomains, np= for"
          + " names that do not exist).",
      "Nothing, unless this domain needs a policy different from its parent's."),
  DMARC_MULTIPLE(
      DMARC,
      ERROR,
      "dmarc.multiple-records",
      "There is more than one DMARC record. Receivers then discard all of them, so the domain has"
          + " no DMARC policy at all.",
      "Merge them into one TXT record at _dmarc and delete the others."),
  DMARC_LEADING_WHITESPACE(
      DMARC,
      ERROR,
      "dmarc.leading-whitespace",
      "The record starts with whitespace. A DMARC record must start with v=DMARC1, so receivers"
          + " ignore it.",
      "Remove the space before v=DMARC1."),
  DMARC_BAD_VERSION(
      DMARC,
      ERROR,
      "dmarc.bad-version",
      "A TXT record at _dmarc looks like a DMARC record but does not start with exactly"
          + " \"v=DMARC1;\" (upper case DMARC1, then a semicolon). Receivers ignore it.",
      "Start the record with v=DMARC1; followed by the other tags."),
  DMARC_UNRELATED_TXT(
      DMARC,
      WARNING,
      "dmarc.unrelated-txt",
      "A TXT record at _dmarc is not a DMARC record. Receivers ignore it, but it usually means a"
          + " record was published at the wrong name.",
      "Move the record to where it belongs, or delete it."),
  DMARC_SPF_AT_DMARC(
      DMARC,
      ERROR,
      "dmarc.spf-at-dmarc",
      "An SPF record was published at _dmarc. It has no effect there: SPF belongs at the domain"
          + " itself, and _dmarc must hold the DMARC record.",
      "Move the SPF record to the domain and publish a DMARC record at _dmarc."),
  DMARC_WRONG_LOCATION(
      DMARC,
      ERROR,
      "dmarc.wrong-location",
      "A DMARC record was published at the domain itself instead of at _dmarc.<domain>. Receivers"
          + " only look at _dmarc, so the domain has no DMARC policy.",
      "Publish the same TXT record at _dmarc.<domain> and remove it from the domain."),
  DMARC_AT_APEX(
      DMARC,
      WARNING,
      "dmarc.record-at-apex",
      "A DMARC record is also published at the domain itself; it has no effect there.",
      "Delete the v=DMARC1 TXT record at the domain; keep the one at _dmarc."),
  DMARC_SYNTAX(
      DMARC,
      ERROR,
      "dmarc.syntax",
      "Part of the record does not follow the tag=value; grammar. Receivers skip that part and use"
          + " the defaults, which may not be what you intended.",
      "Write each tag as name=value and separate tags with semicolons."),
  DMARC_DUPLICATE_TAG(
      DMARC,
      ERROR,
      "dmarc.duplicate-tag",
      "A tag appears twice. Receivers differ in which one they use, or reject the record.",
      "Keep one occurrence of each tag."),
  DMARC_INVALID_POLICY(
      DMARC,
      ERROR,
      "dmarc.invalid-policy",
      "A policy tag (p, sp or np) has a value other than none, quarantine or reject. RFC 9989"
          + " receivers then act as if p=none when rua has a valid address, and otherwise ignore"
          + " the record completely.",
      "Use none, quarantine or reject."),
  DMARC_INVALID_VALUE(
      DMARC,
      ERROR,
      "dmarc.invalid-value",
      "A tag has a value its definition does not allow. Receivers ignore it and use the default.",
      "Use one of the allowed values."),
  DMARC_INVALID_URI(
      DMARC,
      ERROR,
      "dmarc.invalid-uri",
      "A report address is not a usable URI. Reports for it are not sent.",
      "Write report addresses as mailto:name@domain, separated by commas."),
  DMARC_UNSUPPORTED_URI(
      DMARC,
      WARNING,
      "dmarc.unsupported-uri-scheme",
      "Receivers only have to support mailto: report addresses; other schemes are usually"
          + " ignored.",
      "Use a mailto: address."),
  DMARC_UNKNOWN_TAG(
      DMARC,
      WARNING,
      "dmarc.unknown-tag",
      "The record has a tag DMARC does not define. Receivers ignore it; often it is a typo of a"
          + " real tag.",
      "Remove the tag or correct its name."),
  DMARC_REMOVED_TAG(
      DMARC,
      WARNING,
      "dmarc.removed-tag",
      "RFC 9989 removed pct, rf and ri. Current receivers ignore them; older ones still apply"
          + " them (pct below 100 makes them enforce the policy on only part of the mail).",
      "Remove the tag. To test a stricter policy without enforcing it, use t=y instead of pct."),
  DMARC_MISSING_P(
      DMARC,
      WARNING,
      "dmarc.missing-p",
      "The record has no p tag. RFC 9989 reads that as p=none, but RFC 7489 receivers, still the"
          + " majority, consider the record invalid.",
      "Add p=none (or a stricter policy) right after v=DMARC1."),
  DMARC_P_NOT_SECOND(
      DMARC,
      WARNING,
      "dmarc.p-not-second",
      "The p tag is not the second tag. RFC 9989 allows any order, but some older receivers"
          + " require p right after v.",
      "Move p= right after v=DMARC1."),
  DMARC_CASE(
      DMARC,
      INFO,
      "dmarc.case",
      "A tag name or value is written in upper case. Most receivers accept it, some do not.",
      "Write tag names and values in lower case."),
  DMARC_P_NONE(
      DMARC,
      WARNING,
      "dmarc.p-none",
      "p=none only monitors: mail that fails DMARC is delivered as usual, so the domain is not"
          + " protected against spoofing yet.",
      "Read the aggregate reports, make every legitimate sender pass, then move to quarantine."),
  DMARC_P_QUARANTINE(
      DMARC,
      INFO,
      "dmarc.p-quarantine",
      "p=quarantine sends failing mail to spam. The last step, reject, stops it outright.",
      "When the reports show no legitimate mail failing, move to p=reject."),
  DMARC_SP_NONE(
      DMARC,
      WARNING,
      "dmarc.sp-none",
      "sp=none leaves subdomains unprotected: anyone can send as any.subdomain of this domain.",
      "Remove sp (subdomains then follow p) or set it to quarantine or reject."),
  DMARC_TESTING(
      DMARC,
      INFO,
      "dmarc.testing",
      "t=y (testing): RFC 9989 receivers apply the policy one level lower (reject as quarantine,"
          + " quarantine as none) while you watch the reports.",
      "Remove t=y when the reports look clean."),
  DMARC_FO_REDUNDANT(
      DMARC,
      WARNING,
      "dmarc.fo-redundant",
      "fo=1 (report any failure) already covers fo=0 (report when everything fails).",
      "Remove 0 from fo."),
  DMARC_FO_WITHOUT_RUF(
      DMARC,
      INFO,
      "dmarc.fo-without-ruf",
      "fo only controls failure reports, and there is no ruf address to send them to.",
      "Remove fo, or add a ruf address."),
  DMARC_URI_SIZE(
      DMARC,
      WARNING,
      "dmarc.uri-size-limit",
      "The !size suffix on a report address is obsolete in RFC 9989; reporters ignore it.",
      "Remove the !size suffix."),
  DMARC_EXTERNAL_UNVERIFIED(
      DMARC,
      WARNING,
      "dmarc.external-destination",
      "Reports go to a domain outside your organisation that has not published the record that"
          + " authorises it to receive them. Receivers check this and send no reports there.",
      "Ask the report provider to publish the authorisation TXT record shown in the evidence,"
          + " or use an address at your own domain."),
  DMARC_REPORT_NO_MX(
      DMARC,
      WARNING,
      "dmarc.report-domain-no-mx",
      "The domain of a report address has no MX record, so reports may not be deliverable.",
      "Use an address at a domain that receives mail."),
  DMARC_TOO_MANY_URIS(
      DMARC,
      WARNING,
      "dmarc.too-many-uris",
      "Some reporters send to at most two addresses per tag.",
      "Keep at most two addresses in rua and in ruf."),
  DMARC_NO_RUA(
      DMARC,
      WARNING,
      "dmarc.no-rua",
      "Without rua you receive no aggregate reports, so you cannot see who sends mail as your"
          + " domain, nor move safely to a stricter policy.",
      "Add rua=mailto:<an address that collects reports>."),
  DMARC_RUF(
      DMARC,
      INFO,
      "dmarc.ruf",
      "Few receivers send failure reports (ruf), and those that do may include personal data from"
          + " the failing messages.",
      "Keep ruf only if you process these reports and may receive that data."),
  DMARC_STRICT_ALIGNMENT(
      DMARC,
      INFO,
      "dmarc.strict-alignment",
      "Strict alignment (adkim=s or aspf=s) requires the exact domain, not just the same"
          + " organisation: mail signed or sent by a subdomain or a provider's subdomain fails.",
      "Keep it only if every sender uses exactly this domain; otherwise use r (relaxed)."),
  DMARC_PSD(
      DMARC,
      INFO,
      "dmarc.psd",
      "psd=y declares this domain a Public Suffix Domain (like a TLD): its policy then covers"
          + " organisations registered under it, which are one label below.",
      "Remove psd=y unless this really is a public suffix; an ordinary domain can say psd=n."),
  PARKED_DMARC_P(
      DMARC,
      ERROR,
      "parked.dmarc-p",
      "A domain that sends no mail should tell receivers to reject everything that claims to come"
          + " from it.",
      "Publish p=reject."),
  PARKED_DMARC_SP(
      DMARC,
      ERROR,
      "parked.dmarc-sp",
      "Subdomains of a domain that sends no mail should be rejected too.",
      "Publish sp=reject (or leave sp out with p=reject)."),

  // SPF
  SPF_MISSING(
      SPF,
      ERROR,
      "spf.missing",
      "Without SPF, receivers cannot tell which servers may send mail for this domain, and DMARC"
          + " depends on DKIM alone.",
      "Publish a TXT record \"v=spf1 <your senders> -all\" at the domain."),
  SPF_MULTIPLE(
      SPF,
      ERROR,
      "spf.multiple-records",
      "There is more than one SPF record. That is a permanent error: SPF fails for all mail.",
      "Merge them into one record."),
  SPF_SYNTAX(
      SPF,
      ERROR,
      "spf.syntax",
      "The SPF record does not parse. Receivers treat that as a permanent error: SPF fails for all"
          + " mail from this domain.",
      "Correct the term named in the title."),
  SPF_BAD_VERSION(
      SPF,
      ERROR,
      "spf.bad-version",
      "A TXT record looks like SPF but does not start with exactly \"v=spf1 \" (no leading space,"
          + " a space after v=spf1). Receivers ignore it.",
      "Start the record with v=spf1 followed by a space."),
  SPF_RR_TYPE(
      SPF,
      WARNING,
      "spf.rr-type-spf",
      "Records of the obsolete DNS type SPF (99) were found. RFC 7208 removed the type; receivers"
          + " only read TXT.",
      "Delete the SPF-type records; keep the TXT record."),
  SPF_SENDER_ID(
      SPF,
      WARNING,
      "spf.sender-id",
      "A Sender ID record (spf2.0/...) was found. Sender ID is abandoned and nothing reads it.",
      "Delete it."),
  SPF_UNDECODABLE(
      SPF,
      WARNING,
      "spf.undecodable",
      "A TXT record at the domain is not valid text (UTF-8). SPF records must be plain ASCII.",
      "Re-enter the record without special characters."),
  SPF_STRING_TOO_LONG(
      SPF,
      ERROR,
      "spf.string-too-long",
      "A TXT string is longer than 255 characters. DNS cannot carry that: the record is rejected"
          + " or cut by the DNS provider.",
      "Split the record into several quoted strings of at most 255 characters; they are joined"
          + " without spaces, so split inside a term or add the space yourself."),
  SPF_SIZE(
      SPF,
      WARNING,
      "spf.size",
      "RFC 7208 §3.4 recommends keeping SPF answers under about 450 bytes so they fit one UDP"
          + " packet with the rest of the answer.",
      "Shorten the record: remove unused includes or use ip4/ip6 ranges."),
  SPF_SIZE_UDP(
      SPF,
      WARNING,
      "spf.size-udp",
      "The record is over 512 bytes, the classic UDP limit; some receivers' resolvers fail on it.",
      "Shorten the record."),
  SPF_TOO_MANY_LOOKUPS(
      SPF,
      ERROR,
      "spf.too-many-lookups",
      "SPF allows at most 10 DNS-querying terms (include, a, mx, ptr, exists, redirect), counted"
          + " through every include (RFC 7208 §4.6.4). Over the limit, SPF is a permanent error for"
          + " every message.",
      "Remove includes you no longer use, replace a/mx by ip4/ip6, or flatten (see the preview)."),
  SPF_LOOKUPS_NEAR_LIMIT(
      SPF,
      INFO,
      "spf.lookups-near-limit",
      "The record is close to the limit of 10 DNS lookups; an include that grows will break it.",
      "Keep an eye on it when adding senders."),
  SPF_TOO_MANY_VOID(
      SPF,
      ERROR,
      "spf.too-many-void-lookups",
      "More than 2 lookups return nothing (NXDOMAIN or no records). RFC 7208 §4.6.4 makes that a"
          + " permanent error.",
      "Remove terms that point at names without records."),
  SPF_VOID_TARGET(
      SPF,
      WARNING,
      "spf.void-target",
      "A term points at a name without records: it never matches and counts as a void lookup.",
      "Remove the term or publish the records it expects."),
  SPF_INCLUDE_LOOP(
      SPF,
      ERROR,
      "spf.include-loop",
      "An include leads back to a record already being evaluated: a permanent error.",
      "Remove the include that closes the loop."),
  SPF_REDIRECT_LOOP(
      SPF,
      ERROR,
      "spf.redirect-loop",
      "A redirect leads back to a record already being evaluated: a permanent error.",
      "Point the redirect at a record that does not redirect back."),
  SPF_TARGET(
      SPF,
      ERROR,
      "spf.include-target",
      "An include or redirect points at a domain without exactly one valid SPF record. That is a"
          + " permanent error when the term is reached.",
      "Correct the domain name, or remove the term if you no longer use that sender."),
  SPF_MX_TOO_MANY(
      SPF,
      ERROR,
      "spf.mx-too-many-hosts",
      "An mx term names more than 10 mail hosts; RFC 7208 makes that a permanent error.",
      "Use ip4/ip6 ranges for those hosts instead of mx."),
  SPF_MX_HOST_NO_ADDRESS(
      SPF,
      WARNING,
      "spf.mx-host-no-address",
      "A mail host named by an mx term has no address, so it never matches.",
      "Correct the MX records or remove the term."),
  SPF_DUPLICATE_INCLUDE(
      SPF,
      WARNING,
      "spf.duplicate-include",
      "The same domain is included more than once; each costs lookups again.",
      "Keep one include."),
  SPF_PTR(
      SPF,
      WARNING,
      "spf.ptr",
      "The ptr mechanism is slow, unreliable and discouraged by RFC 7208 §5.5; many receivers"
          + " skip it.",
      "Replace ptr by ip4/ip6 ranges or a/mx terms."),
  SPF_AFTER_ALL(
      SPF,
      WARNING,
      "spf.text-after-all",
      "Terms after the all mechanism are never evaluated (and a redirect next to all is"
          + " ignored).",
      "Move the terms before all, or delete them."),
  SPF_EXP_NOT_LAST(
      SPF,
      WARNING,
      "spf.exp-not-last",
      "Terms follow the exp modifier. They work, but readers and some tools expect exp last.",
      "Move exp= to the end of the record."),
  SPF_EXP_TARGET(
      SPF,
      WARNING,
      "spf.exp-target",
      "The exp= modifier should point at a name with exactly one TXT record (the explanation).",
      "Publish one TXT record there, or remove exp."),
  SPF_UNKNOWN_MODIFIER(
      SPF,
      INFO,
      "spf.unknown-modifier",
      "The record has a modifier SPF does not define; receivers ignore it.",
      "Remove it unless a tool of yours reads it."),
  SPF_MACRO(
      SPF,
      INFO,
      "spf.macro",
      "A term uses macros, so it depends on each message and was counted as one lookup without"
          + " being resolved.",
      "Nothing, if you meant to use macros."),
  SPF_PASS_ALL(
      SPF,
      ERROR,
      "spf.pass-all",
      "+all lets every server on the Internet pass SPF for this domain.",
      "End the record with -all (or ~all)."),
  SPF_NEUTRAL_ALL(
      SPF,
      WARNING,
      "spf.neutral-all",
      "?all (neutral) says nothing about unlisted servers; it protects no better than no SPF.",
      "End the record with -all (or ~all while you are still checking)."),
  SPF_NO_ALL(
      SPF,
      WARNING,
      "spf.no-all",
      "The record has no all mechanism and no redirect, so unlisted servers get a neutral"
          + " result, as with ?all.",
      "End the record with -all (or ~all)."),
  SPF_FLATTENING(
      SPF,
      INFO,
      "spf.flattening",
      "Flattening replaces includes with the IP ranges they resolve to today, which saves"
          + " lookups. Providers change their addresses, so a flattened record must be refreshed"
          + " automatically or it breaks.",
      "Prefer removing unused includes; flatten only with automation that keeps it current."),
  SPF_ANALYSIS_LIMIT(
      SPF,
      WARNING,
      "spf.analysis-limit",
      "The SPF tree is so large that the analysis stopped; the counts are a minimum.",
      "Simplify the record."),
  PARKED_SPF(
      SPF,
      ERROR,
      "parked.spf",
      "A domain that sends no mail should say so with SPF: no server may send for it.",
      "Publish exactly: v=spf1 -all"),

  // DKIM
  DKIM_NONE_FOUND(
      DKIM,
      WARNING,
      "dkim.none-found",
      "No DKIM key was found. Without DKIM, DMARC depends on SPF alone, which breaks when mail is"
          + " forwarded.",
      "Enable DKIM signing at each service that sends your mail and publish their keys; if you"
          + " know the selectors, run the check with --selector."),
  DKIM_KEY(DKIM, INFO, "dkim.key", "A DKIM key is published for this selector.", "Nothing."),
  DKIM_SELECTOR_MISSING(
      DKIM,
      ERROR,
      "dkim.selector-missing",
      "No key is published for a selector you named, so signatures that use it fail.",
      "Publish the key the signing service gives you at <selector>._domainkey.<domain>."),
  DKIM_SYNTAX(
      DKIM,
      ERROR,
      "dkim.syntax",
      "The key record does not parse, so every signature with this selector fails.",
      "Publish the record exactly as the signing service gives it (v=DKIM1; k=...; p=...)."),
  DKIM_MULTIPLE(
      DKIM,
      ERROR,
      "dkim.multiple-records",
      "More than one TXT record at the selector; verifiers may pick either and fail.",
      "Keep one key record per selector."),
  DKIM_REVOKED(
      DKIM,
      INFO,
      "dkim.revoked",
      "The key is revoked (empty p=): signatures with this selector fail on purpose.",
      "Nothing, if the selector is retired."),
  DKIM_RSA_TOO_SHORT(
      DKIM,
      ERROR,
      "dkim.rsa-too-short",
      "RSA keys under 1024 bits can be broken; RFC 8301 says verifiers must not accept them.",
      "Generate a 2048-bit key and publish it under a new selector."),
  DKIM_RSA_SHORT(
      DKIM,
      WARNING,
      "dkim.rsa-short",
      "1024-bit RSA keys are the minimum and are being phased out; 2048 bits is recommended.",
      "Rotate to a 2048-bit key under a new selector."),
  DKIM_TESTING(
      DKIM,
      WARNING,
      "dkim.testing",
      "t=y marks the key as being tested: verifiers may treat its signatures as unsigned.",
      "Remove t=y once signing works."),
  DKIM_SHA1_ONLY(
      DKIM,
      WARNING,
      "dkim.sha1-only",
      "h=sha1 limits the key to SHA-1 signatures, which RFC 8301 says verifiers must not accept.",
      "Remove h= or set h=sha256, and sign with rsa-sha256."),
  DKIM_NOT_EMAIL(
      DKIM,
      ERROR,
      "dkim.not-for-email",
      "The key's s= service type does not include email, so mail signatures with it fail.",
      "Remove s= or set s=email."),
  DKIM_UNKNOWN_TAG(
      DKIM,
      INFO,
      "dkim.unknown-tag",
      "The key record has a tag DKIM does not define (such as the obsolete g=); verifiers ignore"
          + " it.",
      "Nothing; remove it when you next rotate the key."),

  // MX
  MX_NONE(
      MX,
      INFO,
      "mx.none",
      "The domain has no MX record, so senders fall back to its address record, if any; it"
          + " probably receives no mail (bounces and replies to it may get lost).",
      "If it should receive no mail, publish a null MX (MX 0 .); otherwise publish MX records."),
  MX_NULL(
      MX,
      INFO,
      "mx.null",
      "A null MX (RFC 7505) says the domain accepts no mail.",
      "Nothing, if the domain should receive no mail."),
  MX_NULL_WITH_OTHERS(
      MX,
      ERROR,
      "mx.null-with-others",
      "A null MX must be the only MX record (RFC 7505); mixed with others it confuses senders.",
      "Delete either the null MX or the other MX records."),
  MX_DUPLICATE_HOST(
      MX,
      WARNING,
      "mx.duplicate-host",
      "The same host is listed in more than one MX record.",
      "Keep one MX record per host."),
  MX_HOST_NO_ADDRESS(
      MX,
      WARNING,
      "mx.host-no-address",
      "A mail host has no A or AAAA record, so mail cannot be delivered to it.",
      "Publish an address for the host or remove the MX record."),
  MX_HOST_CNAME(
      MX,
      WARNING,
      "mx.host-is-cname",
      "An MX record points at an alias (CNAME); RFC 2181 §10.3 forbids that, and some senders"
          + " fail on it.",
      "Point the MX record at the canonical host name."),
  MX_IP_LITERAL(
      MX,
      ERROR,
      "mx.ip-address",
      "An MX record holds an IP address; MX records must name a host.",
      "Publish an A record for a host name and point the MX record at that name."),
  MX_NO_PTR(
      MX,
      WARNING,
      "mx.no-ptr",
      "A mail host's address has no reverse DNS (PTR); many receivers distrust such hosts.",
      "Ask whoever runs the address to set a PTR record to the host name."),
  MX_PTR_MISMATCH(
      MX,
      WARNING,
      "mx.ptr-mismatch",
      "The reverse DNS of a mail host's address does not lead back to that address"
          + " (forward-confirmed reverse DNS fails).",
      "Make the PTR name resolve to the same address."),
  PARKED_MX(
      MX,
      ERROR,
      "parked.mx",
      "A domain that receives no mail should not publish MX records pointing at mail hosts.",
      "Replace them by a null MX: MX 0 ."),
  PARKED_NO_NULL_MX(
      MX,
      WARNING,
      "parked.no-null-mx",
      "A domain that receives no mail should publish a null MX (RFC 7505), so that senders stop"
          + " at once instead of trying its address record.",
      "Publish: MX 0 ."),

  // MTA-STS
  MTASTS_NONE(
      MTA_STS,
      INFO,
      "mta-sts.none",
      "No MTA-STS record: senders cannot require TLS when delivering to this domain.",
      "Optional: publish an MTA-STS policy and _mta-sts TXT record."),
  MTASTS_MULTIPLE(
      MTA_STS,
      ERROR,
      "mta-sts.multiple-records",
      "More than one MTA-STS record; senders ignore MTA-STS for this domain.",
      "Keep one record."),
  MTASTS_UNRELATED(
      MTA_STS,
      WARNING,
      "mta-sts.unrelated-txt",
      "A TXT record at _mta-sts is not an MTA-STS record.",
      "Delete it or move it where it belongs."),
  MTASTS_SYNTAX(
      MTA_STS,
      ERROR,
      "mta-sts.syntax",
      "The MTA-STS record is invalid; senders ignore it.",
      "Publish \"v=STSv1; id=<1 to 32 letters or digits>\"."),
  MTASTS_POLICY_NOT_CHECKED(
      MTA_STS,
      INFO,
      "mta-sts.policy-not-checked",
      "The policy file at https://mta-sts.<domain>/.well-known/mta-sts.txt was not fetched by"
          + " this check.",
      "Check that the policy file is served over HTTPS with a valid certificate."),

  // TLS-RPT
  TLSRPT_NONE(
      TLS_RPT,
      INFO,
      "tls-rpt.none",
      "No TLS reporting record: you get no reports about TLS failures delivering to you.",
      "Optional: publish \"v=TLSRPTv1; rua=mailto:...\" at _smtp._tls."),
  TLSRPT_MULTIPLE(
      TLS_RPT,
      ERROR,
      "tls-rpt.multiple-records",
      "More than one TLS-RPT record; senders ignore them.",
      "Keep one record."),
  TLSRPT_UNRELATED(
      TLS_RPT,
      WARNING,
      "tls-rpt.unrelated-txt",
      "A TXT record at _smtp._tls is not a TLS-RPT record.",
      "Delete it or move it where it belongs."),
  TLSRPT_SPF(
      TLS_RPT,
      ERROR,
      "tls-rpt.spf-record",
      "An SPF record was published at _smtp._tls, where the TLS reporting record belongs.",
      "Replace it by \"v=TLSRPTv1; rua=mailto:...\"."),
  TLSRPT_SYNTAX(
      TLS_RPT,
      ERROR,
      "tls-rpt.syntax",
      "The TLS-RPT record is invalid; senders send no reports.",
      "Publish \"v=TLSRPTv1; rua=mailto:<address>\" (mailto: or https: URIs)."),

  // BIMI
  BIMI_NONE(
      BIMI,
      INFO,
      "bimi.none",
      "No BIMI record: mailbox providers show no brand logo next to your mail.",
      "Optional: publish a BIMI record once DMARC is at quarantine or reject."),
  BIMI_MULTIPLE(
      BIMI,
      ERROR,
      "bimi.multiple-records",
      "More than one BIMI record at default._bimi; it is ignored.",
      "Keep one record."),
  BIMI_SYNTAX(
      BIMI,
      ERROR,
      "bimi.syntax",
      "The BIMI record is invalid; no logo is shown.",
      "Publish \"v=BIMI1; l=https://.../logo.svg; a=https://.../vmc.pem\"."),
  BIMI_NOT_HTTPS(
      BIMI,
      ERROR,
      "bimi.not-https",
      "BIMI logo (l=) and certificate (a=) locations must be https URLs.",
      "Serve the files over HTTPS and use https:// URLs."),
  BIMI_NO_CERTIFICATE(
      BIMI,
      WARNING,
      "bimi.no-certificate",
      "Most mailbox providers show a BIMI logo only with a mark certificate (VMC or CMC, a=).",
      "Obtain a mark certificate and add a=https://.../certificate.pem."),
  BIMI_DMARC_NOT_ENFORCED(
      BIMI,
      ERROR,
      "bimi.dmarc-not-enforced",
      "BIMI requires DMARC enforcement: p (and sp) quarantine or reject, for all mail, not in"
          + " testing mode.",
      "Move DMARC to quarantine or reject first.");

  private final AuditSection section;
  private final Severity severity;
  private final String id;
  private final String explanation;
  private final String fix;

  CheckId(AuditSection section, Severity severity, String id, String explanation, String fix) {
    this.section = section;
    this.severity = severity;
    this.id = id;
    this.explanation = explanation;
    this.fix = fix;
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
    return explanation;
  }

  /** The default fix. */
  public String fix() {
    return fix;
  }

  /** A finding of this check with the default fix. */
  Finding finding(String title, List<String> evidence) {
    return new Finding(id, severity, section, title, explanation, fix, evidence);
  }

  /** A finding of this check with a specific fix. */
  Finding finding(String title, String specificFix, List<String> evidence) {
    return new Finding(id, severity, section, title, explanation, specificFix, evidence);
  }
}
