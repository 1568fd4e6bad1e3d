// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import com.google.common.collect.Lists;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmarcpilot.app.analysis.Advice;
import org.dmarcpilot.app.analysis.Gate;
import org.dmarcpilot.app.analysis.SourceClass;
import org.dmarcpilot.app.analysis.SourceReport;
import org.dmarcpilot.app.enrich.geoip.GeoIp;

/**
 * Readable tables and JSON documents for the {@code sources} and {@code advise} commands: the same
 * data the web shows. Text is plain (no colour codes) and numbers use {@link Locale#ROOT}.
 */
final class AnalysisText {
  private AnalysisText() {}

  /**
   * The sources table, with evidence and fixes under each source that is not aligned.
   *
   * @param geoData whether GeoIP data is installed (else the output says it is absent)
   */
  static void sources(
      PrintWriter out, String domain, String period, List<SourceReport> sources, boolean geoData) {
    long total = 0;
    boolean countries = false;
    for (SourceReport s : sources) {
      total += s.messages();
      countries |= !s.countries().isEmpty();
    }
    out.printf(
        Locale.ROOT,
        "Sources of %s, %s: %d sources, %d messages%n%n",
        domain,
        period,
        sources.size(),
        total);
    if (sources.isEmpty()) {
      out.println("No reports in this period.");
      return;
    }
    out.printf(
        Locale.ROOT,
        "%-18s %10s %6s %6s  %-44s %-6s %4s %s%n",
        "CLASS",
        "MESSAGES",
        "SHARE",
        "PASS",
        "SOURCE",
        "CONF",
        "IPS",
        "COUNTRY");
    for (SourceReport s : sources) {
      out.printf(
          Locale.ROOT,
          "%-18s %10d %6s %6s  %-44s %-6s %4d %s%n",
          s.sourceClass().token(),
          s.messages(),
          percent(s.messages(), total),
          percent(s.dmarcPass(), s.messages()),
          cut(
              s.label()
                  + (s.ownerMark() == null
                      ? ""
                      : " ["
                          + s.ownerMark().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                          + "]"),
              44),
          s.serviceId() == null ? "-" : s.confidence().name().toLowerCase(Locale.ROOT),
          s.ipCount(),
          String.join(",", s.countries()));
    }
    for (SourceReport s : sources) {
      if (s.sourceClass() == SourceClass.ALIGNED) {
        continue;
      }
      out.printf(
          Locale.ROOT,
          "%n%s (%s, %s)%n",
          safe(s.label()),
          s.sourceClass().token(),
          safe(s.source().toString()));
      for (String e : s.evidence()) {
        out.println("  - " + safe(e));
      }
      if (s.fix() != null) {
        out.println("  fix SPF:  " + s.fix().spf());
        out.println("  fix DKIM: " + s.fix().dkim());
      }
    }
    if (countries) {
      out.printf(Locale.ROOT, "%n%s%n", GeoIp.ATTRIBUTION);
    } else if (!geoData) {
      out.printf(
          Locale.ROOT, "%nNo GeoIP data installed (no ASN, no country): dmarcpilot geoip update%n");
    }
  }

  /** The advice: stage, gates with their values, the next record and what blocks it. */
  static void advice(PrintWriter out, Advice a) {
    out.printf(
        Locale.ROOT,
        "%s: %s (%s)%n%n",
        a.domain(),
        a.stage().name().toLowerCase(Locale.ROOT).replace('_', ' '),
        a.currentPolicy());
    out.printf(Locale.ROOT, "%-18s %-6s %-28s %s%n", "GATE", "STATUS", "MEASURED", "REQUIRED");
    for (Gate g : a.gates()) {
      out.printf(
          Locale.ROOT,
          "%-18s %-6s %-28s %s%n",
          g.id(),
          g.passed() ? "pass" : "FAIL",
          cut(g.measured(), 28),
          g.required());
    }
    out.println();
    if (a.nextStage() == null) {
      out.println("Next step: none. " + a.summary());
      return;
    }
    out.printf(
        Locale.ROOT,
        "Next step: %s%s%n",
        a.nextStage().name().toLowerCase(Locale.ROOT).replace('_', ' '),
        a.ready() ? " (ready)" : " (blocked)");
    out.printf(Locale.ROOT, "Publish at _dmarc.%s:%n  %s%n", a.domain(), a.nextRecord());
    if (!a.blockedBy().isEmpty()) {
      out.println("Blocked by:");
      for (String b : a.blockedBy()) {
        out.println("  - " + safe(b));
      }
    }
    out.println();
    out.println(a.summary());
  }

  /** A JSON-ready view of sources. */
  static Map<String, Object> sourcesJson(
      String domain, String from, String to, List<SourceReport> sources) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("domain", domain);
    doc.put("from", from);
    doc.put("to", to);
    // a view: each source becomes its map only while it is written
    doc.put("sources", Lists.transform(sources, AnalysisText::sourceJson));
    doc.put("attribution", GeoIp.ATTRIBUTION);
    return doc;
  }

  private static Map<String, Object> sourceJson(SourceReport s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("source", s.source().toString());
    m.put("label", s.label());
    m.put("class", s.sourceClass().token());
    m.put("service_id", s.serviceId());
    m.put("service_name", s.serviceName());
    m.put("confidence", s.confidence().name().toLowerCase(Locale.ROOT));
    m.put("messages", s.messages());
    Map<String, Long> byClass = new LinkedHashMap<>();
    for (SourceClass c : SourceClass.values()) {
      byClass.put(c.token(), s.messagesByClass().getOrDefault(c, 0L));
    }
    m.put("messages_by_class", byClass);
    m.put("dmarc_pass", s.dmarcPass());
    m.put("dkim_aligned", s.dkimAligned());
    m.put("spf_aligned", s.spfAligned());
    m.put("ip_count", s.ipCount());
    m.put("ips", s.ips());
    m.put("ptr_names", s.ptrNames());
    m.put("countries", s.countries());
    m.put("reporters", s.reporters());
    m.put("evidence", s.evidence());
    m.put("fix", s.fix() == null ? null : Map.of("spf", s.fix().spf(), "dkim", s.fix().dkim()));
    m.put(
        "owner_mark", s.ownerMark() == null ? null : s.ownerMark().name().toLowerCase(Locale.ROOT));
    return m;
  }

  /** A JSON-ready view of advice. */
  static Map<String, Object> adviceJson(Advice a) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("domain", a.domain());
    m.put("stage", a.stage().name().toLowerCase(Locale.ROOT));
    m.put("current_policy", a.currentPolicy());
    List<Map<String, Object>> gates = new ArrayList<>();
    for (Gate g : a.gates()) {
      Map<String, Object> gm = new LinkedHashMap<>();
      gm.put("id", g.id());
      gm.put("title", g.title());
      gm.put("passed", g.passed());
      gm.put("measured", g.measured());
      gm.put("required", g.required());
      gm.put("blockers", g.blockers());
      gates.add(gm);
    }
    m.put("gates", gates);
    m.put("sends_no_mail", a.sendsNoMail());
    m.put("ready", a.ready());
    m.put(
        "next_stage", a.nextStage() == null ? null : a.nextStage().name().toLowerCase(Locale.ROOT));
    m.put("next_record", a.nextRecord());
    m.put("blocked_by", a.blockedBy());
    m.put("summary", a.summary());
    return m;
  }

  static String percent(long part, long whole) {
    return whole == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  private static String cut(String s, int width) {
    String t = safe(s);
    return t.length() <= width ? t : t.substring(0, width - 1) + "~";
  }

  /** Text from reports and DNS with control characters (terminal escapes) replaced by '?'. */
  static String safe(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) || c == '\u2028' || c == '\u2029' ? '?' : c);
    }
    return b.toString();
  }
}
