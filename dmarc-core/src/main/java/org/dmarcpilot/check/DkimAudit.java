// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.check;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dmarcpilot.dkim.DkimKeyRecord;
import org.dmarcpilot.dkim.DkimKeyType;
import org.dmarcpilot.dns.DnsAnswer;
import org.dmarcpilot.dns.DnsStatus;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.dns.TxtData;

/**
 * The DKIM part of the audit: keys at the selectors given and at those of common mail services;
 * CNAMEs to mail services are named. Whether {@code _domainkey.<domain>} exists (NODATA) or not
 * (NXDOMAIN, RFC 8020) tells whether keys exist under selectors that were not tried.
 */
final class DkimAudit {
  /** Selectors of common mail services and software, probed when none is given. */
  static final List<String> COMMON_SELECTORS =
      List.of(
          "default",
          "google",
          "selector1",
          "selector2",
          "k1",
          "k2",
          "k3",
          "s1",
          "s2",
          "dkim",
          "mail",
          "smtp",
          "mx",
          "key1",
          "key2",
          "sig1",
          "fm1",
          "fm2",
          "fm3",
          "pm",
          "mandrill",
          "mxvault",
          "everlytickey1",
          "everlytickey2",
          "zendesk1",
          "zendesk2",
          "protonmail",
          "protonmail2",
          "protonmail3",
          "hs1",
          "hs2",
          "cm",
          "mailjet",
          "sendgrid",
          "zoho");

  /** How many selectors one audit tries at most. */
  static final int MAX_SELECTORS = 64;

  private DkimAudit() {}

  static void run(AuditContext ctx) {
    Set<String> explicit = new LinkedHashSet<>();
    for (String s : ctx.options.selectors()) {
      explicit.add(s.strip().toLowerCase(Locale.ROOT));
    }
    Set<String> all = new LinkedHashSet<>(explicit);
    String base = "_domainkey." + ctx.domain;
    DnsAnswer<TxtData> parent = null;
    if (ctx.options.probeCommonSelectors()) {
      parent = ctx.dns.txt(base);
      // each query to a failing server costs the whole timeout: no probing when _domainkey fails
      if (parent.status() != DnsStatus.TEMPFAIL) {
        all.addAll(COMMON_SELECTORS);
      }
    }
    int found = 0;
    int records = 0;
    int tried = 0;
    int failed = 0;
    for (String selector : all) {
      if (tried++ >= MAX_SELECTORS) {
        break;
      }
      String name = selector + "._domainkey." + ctx.domain;
      DnsAnswer<TxtData> answer = ctx.dns.txt(name);
      if (answer.status() == DnsStatus.TEMPFAIL) {
        failed++; // reported as a DNS failure; the key may be there
        continue;
      }
      if (!answer.isOk()) {
        if (explicit.contains(selector)) {
          ctx.add(
              CheckId.DKIM_SELECTOR_MISSING, "No DKIM key at " + name, List.of(answer.describe()));
        }
        continue;
      }
      records++;
      if (key(ctx, selector, name, answer)) {
        found++;
      }
    }
    if (found == 0 && explicit.isEmpty() && !ctx.options.parked()) {
      if (parent == null) {
        parent = ctx.dns.txt(base);
      }
      if (parent.status() == DnsStatus.TEMPFAIL
          || (failed > 0 && parent.status() != DnsStatus.NXDOMAIN)) {
        // a selector that could not be asked may hold a key: no verdict, the failure is reported
        ctx.record(AuditSection.DKIM, "(not known: DNS queries for DKIM keys failed)");
        return;
      }
      String title;
      if (records > 0) {
        title = "No usable DKIM key: the keys found are revoked";
      } else if (parent.status() == DnsStatus.NXDOMAIN) {
        title = "No DKIM keys: " + base + " does not exist, so no selector has a key";
      } else {
        title =
            "No DKIM key at the "
                + Math.min(tried, all.size())
                + " common selectors tried"
                + (parent.status() == DnsStatus.NODATA
                    ? "; " + base + " exists, so keys are probably published under other selectors"
                    : "");
      }
      ctx.add(CheckId.DKIM_NONE_FOUND, title, List.of(parent.describe()));
      if (records == 0) {
        ctx.record(AuditSection.DKIM, "(no DKIM key found)");
      }
    }
  }

  /** Checks one selector's record; returns whether it holds a usable (not revoked) key. */
  private static boolean key(
      AuditContext ctx, String selector, String name, DnsAnswer<TxtData> answer) {
    List<String> ev = new ArrayList<>(AuditContext.evidence(answer));
    String via = "";
    if (!answer.cnameChain().isEmpty()) {
      String target = answer.canonicalName();
      String esp = EspDirectory.serviceOf(target);
      via = " via CNAME to " + target + (esp == null ? "" : " (" + esp + ")");
      ev.add(0, name + " CNAME " + String.join(" -> ", answer.cnameChain()));
    }
    ctx.record(AuditSection.DKIM, ev.get(0));
    if (answer.values().size() > 1) {
      ctx.add(CheckId.DKIM_MULTIPLE, answer.values().size() + " TXT records at " + name, ev);
      return true;
    }
    String text = answer.values().get(0).text();
    List<RecordIssue> issues = new ArrayList<>();
    DkimKeyRecord key;
    try {
      key = DkimKeyRecord.parse(text, issues);
    } catch (RecordSyntaxException e) {
      ctx.add(CheckId.DKIM_SYNTAX, "Selector " + selector + ": " + e.problem(), ev);
      return true;
    }
    if (key.revoked()) {
      ctx.add(CheckId.DKIM_REVOKED, "Selector " + selector + ": the key is revoked" + via, ev);
      return false;
    }
    String desc =
        key.keyType() == DkimKeyType.ED25519 ? "Ed25519 key" : key.keyBits() + "-bit RSA key";
    ctx.add(CheckId.DKIM_KEY, "Selector " + selector + ": " + desc + via, ev);
    if (key.keyType() == DkimKeyType.RSA && key.keyBits() < 1024) {
      ctx.add(
          CheckId.DKIM_RSA_TOO_SHORT,
          "Selector " + selector + ": RSA key of " + key.keyBits() + " bits",
          ev);
    } else if (key.keyType() == DkimKeyType.RSA && key.keyBits() < 2048) {
      ctx.add(
          CheckId.DKIM_RSA_SHORT,
          "Selector " + selector + ": RSA key of " + key.keyBits() + " bits",
          ev);
    }
    if (key.testing()) {
      ctx.add(CheckId.DKIM_TESTING, "Selector " + selector + ": t=y (testing)", ev);
    }
    if (!key.hashAlgorithms().isEmpty() && !key.hashAlgorithms().contains("sha256")) {
      ctx.add(
          CheckId.DKIM_SHA1_ONLY,
          "Selector " + selector + ": h=" + String.join(":", key.hashAlgorithms()),
          ev);
    }
    if (!key.forEmail()) {
      ctx.add(
          CheckId.DKIM_NOT_EMAIL,
          "Selector " + selector + ": s=" + String.join(":", key.serviceTypes()),
          ev);
    }
    for (RecordIssue i : issues) {
      if (i.kind() == RecordIssue.Kind.UNKNOWN_TAG) {
        ctx.add(CheckId.DKIM_UNKNOWN_TAG, "Selector " + selector + ": " + i.message(), ev);
      }
    }
    return true;
  }
}
