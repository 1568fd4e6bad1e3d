// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import com.google.common.net.InetAddresses;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportSource;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.dmarcpilot.report.aggregate.DispositionType;
import org.dmarcpilot.report.aggregate.DkimAuthResult;
import org.dmarcpilot.report.aggregate.DmarcResultType;
import org.dmarcpilot.report.aggregate.ExtractedReport;
import org.dmarcpilot.report.aggregate.PolicyOverrideReason;
import org.dmarcpilot.report.aggregate.RecordAlignment;
import org.dmarcpilot.report.aggregate.ReportMetadata;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportSchema;
import org.dmarcpilot.report.aggregate.SpfAuthResult;
import org.jspecify.annotations.Nullable;

/**
 * The human view of {@code show}: per report a header (reporter, period in UTC, where it came from,
 * the published policy tag by tag), a table of rows with the alignment recomputed from {@code
 * header_from}, the totals, and the issues the reader found.
 */
final class ShowText {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final PrintWriter out;
  private final Function<String, String> organizationalDomain;
  private int reports;
  private long messages;
  private int failures;

  ShowText(PrintWriter out, Function<String, String> organizationalDomain) {
    this.out = out;
    this.organizationalDomain = organizationalDomain;
  }

  void report(ExtractedReport extracted) {
    AggregateReport r = extracted.report();
    ReportMetadata m = r.metadata();
    reports++;
    messages += r.messageCount();
    out.println("=".repeat(100));
    out.printf(
        Locale.ROOT,
        "Report %s from %s about %s%n",
        clean(m.reportId()),
        clean(m.orgName()),
        clean(r.policyPublished().domain()));
    field("source", extracted.source().location());
    field(
        "reporter",
        m.orgName()
            + (m.email() == null
                ? ""
                : m.email().startsWith("<") ? " " + m.email() : " <" + m.email() + ">")
            + (m.extraContactInfo() != null ? ", " + m.extraContactInfo() : ""));
    field(
        "period",
        TIME.format(m.begin())
            + " to "
            + TIME.format(m.end())
            + " UTC ("
            + duration(Duration.between(m.begin(), m.end()))
            + ")");
    field("schema", schema(r));
    if (m.generator() != null) {
      field("generator", m.generator());
    }
    for (String error : m.errors()) {
      field("error", error + " (reported by " + m.orgName() + ")");
    }
    field("sha-256", extracted.sha256());
    out.println();
    out.println("  Published policy for " + clean(r.policyPublished().domain()));
    for (PolicyText.Line line : PolicyText.lines(r.policyPublished())) {
      out.printf(Locale.ROOT, "    %-18s %s%n", clean(line.tag()), clean(line.meaning()));
    }
    out.println();
    table(r);
    totals(r);
    if (!r.issues().isEmpty()) {
      out.println();
      out.printf(
          Locale.ROOT, "  Issues (%d): what the reader repaired or skipped%n", r.issues().size());
      for (ReportIssue issue : r.issues()) {
        out.println("    " + clean(issue.toString()));
      }
    }
    out.println();
    out.flush();
  }

  void failure(PayloadFailure f) {
    failures++;
    out.println("=".repeat(100));
    out.println("NOT READ  " + clean(f.error().getMessage()));
    out.println();
    out.flush();
  }

  void unreadable(String message) {
    failures++;
    out.println("=".repeat(100));
    out.println("NOT READ  " + clean(message));
    out.println();
    out.flush();
  }

  void skipped(ReportSource source, ReportIssue issue) {
    out.println("  skipped " + clean(source.location() + ": " + issue.message()));
  }

  void summary(int inputs) {
    out.printf(
        Locale.ROOT,
        "%,d report%s with %,d message%s from %,d input%s%s%n",
        reports,
        reports == 1 ? "" : "s",
        messages,
        messages == 1 ? "" : "s",
        inputs,
        inputs == 1 ? "" : "s",
        failures == 0
            ? ""
            : String.format(
                Locale.ROOT, "; %,d payload%s not read", failures, failures == 1 ? "" : "s"));
    out.flush();
  }

  private void field(String name, String value) {
    out.printf(Locale.ROOT, "  %-10s %s%n", name, clean(value));
  }

  /**
   * Text from reports, file systems and e-mails with control characters and bidirectional overrides
   * shown as escapes: a newline in a reporter's name or a file name could forge a line of this
   * output, an escape sequence could drive the terminal.
   */
  private static String clean(String s) {
    return CheckReportPrinter.clean(s);
  }

  private static String schema(AggregateReport r) {
    String v = r.version() == null ? "no version" : "version " + r.version();
    return switch (r.schema()) {
      case RFC9990 -> "RFC 9990 (" + ReportSchema.RFC9990.namespace() + "), " + v;
      case DMARC_XML_0_1 ->
          "RFC 7489 with namespace " + ReportSchema.DMARC_XML_0_1.namespace() + ", " + v;
      case DMARC_XML_0_2 -> "draft namespace " + ReportSchema.DMARC_XML_0_2.namespace() + ", " + v;
      case NONE -> "RFC 7489 (no namespace), " + v;
    };
  }

  private static String duration(Duration d) {
    long s = d.getSeconds();
    if (s % 86400 == 0 && s > 0) {
      return s / 86400 + (s == 86400 ? " day" : " days");
    }
    if (s + 1 == 86400) {
      return "1 day";
    }
    long h = s / 3600;
    long min = s % 3600 / 60;
    return h > 0 ? String.format(Locale.ROOT, "%d h %02d min", h, min) : s + " s";
  }

  private void table(AggregateReport r) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "#",
          "source IP",
          "count",
          "disposition",
          "DMARC",
          "DKIM",
          "SPF",
          "header_from",
          "DKIM results (d=/s=)",
          "SPF results (MAIL FROM)",
          "override"
        });
    List<String> notes = new ArrayList<>();
    for (int i = 0; i < r.records().size(); i++) {
      ReportRecord rec = r.records().get(i);
      RecordAlignment a = RecordAlignment.of(rec, r.policyPublished(), organizationalDomain);
      boolean dkimDiffers = a.dkimDiffers(rec.policyEvaluated());
      boolean spfDiffers = a.spfDiffers(rec.policyEvaluated());
      rows.add(
          new String[] {
            Integer.toString(i + 1),
            InetAddresses.toAddrString(rec.sourceIp()),
            String.format(Locale.ROOT, "%,d", rec.count()),
            rec.policyEvaluated().disposition().token(),
            a.dmarcPass() ? "pass" : "fail",
            (a.dkimAligned() ? "pass" : "fail") + (dkimDiffers ? "!" : ""),
            (a.spfAligned() ? "pass" : "fail") + (spfDiffers ? "!" : ""),
            rec.identifiers().headerFrom().isEmpty() ? "(empty)" : rec.identifiers().headerFrom(),
            dkimResults(rec, a),
            spfResults(rec, a),
            reasons(rec)
          });
      if (dkimDiffers || spfDiffers) {
        notes.add(note(i + 1, rec, a, dkimDiffers, spfDiffers, r));
      }
    }
    if (r.records().isEmpty()) {
      out.println("  (no records)");
      return;
    }
    int[] width = new int[rows.get(0).length];
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        row[c] = clean(row[c]);
      }
    }
    for (String[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        width[c] = Math.max(width[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder sb = new StringBuilder("  ");
      for (int c = 0; c < row.length; c++) {
        boolean right = c == 0 || c == 2;
        String cell = row[c];
        if (right) {
          sb.append(" ".repeat(width[c] - cell.length())).append(cell);
        } else {
          sb.append(cell);
          if (c < row.length - 1) {
            sb.append(" ".repeat(width[c] - cell.length()));
          }
        }
        if (c < row.length - 1) {
          sb.append("  ");
        }
      }
      out.println(sb.toString().stripTrailing());
    }
    out.println(
        "  DMARC, DKIM, SPF: recomputed from header_from and the results ("
            + r.policyPublished().effectiveAdkim().name().toLowerCase(Locale.ROOT)
            + " DKIM, "
            + r.policyPublished().effectiveAspf().name().toLowerCase(Locale.ROOT)
            + " SPF alignment); * marks the aligned result; ! the reporter says otherwise");
    for (String n : notes) {
      out.println("  " + clean(n));
    }
  }

  private static String note(
      int row,
      ReportRecord rec,
      RecordAlignment a,
      boolean dkimDiffers,
      boolean spfDiffers,
      AggregateReport r) {
    List<String> parts = new ArrayList<>();
    if (dkimDiffers) {
      parts.add(
          "the reporter says dkim="
              + token(rec.policyEvaluated().dkim())
              + ", recomputed "
              + (a.dkimAligned()
                  ? "pass (" + a.alignedDkim().domain() + " aligns with " + a.headerFrom() + ")"
                  : "fail (no passing signature aligns with " + a.headerFrom() + ")"));
    }
    if (spfDiffers) {
      parts.add(
          "the reporter says spf="
              + token(rec.policyEvaluated().spf())
              + ", recomputed "
              + (a.spfAligned()
                  ? "pass (" + a.alignedSpf().domain() + " aligns with " + a.headerFrom() + ")"
                  : "fail (no aligned SPF pass for the MAIL FROM domain)"));
    }
    return "row " + row + ": " + String.join("; ", parts);
  }

  private static String token(@Nullable DmarcResultType t) {
    return t == null ? "-" : t.token();
  }

  private static String dkimResults(ReportRecord rec, RecordAlignment a) {
    if (rec.dkim().isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    for (DkimAuthResult d : rec.dkim()) {
      parts.add(
          d.domain()
              + (d.selector() != null ? "/" + d.selector() : "")
              + " "
              + d.result().token()
              + (d == a.alignedDkim() ? "*" : ""));
    }
    return String.join(", ", parts);
  }

  private static String spfResults(ReportRecord rec, RecordAlignment a) {
    if (rec.spf().isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    for (SpfAuthResult s : rec.spf()) {
      parts.add(
          (s.domain().isEmpty() ? "(no domain)" : s.domain())
              + (s.scope() != null && s.scope().token().equals("helo") ? " (helo)" : "")
              + " "
              + s.result().token()
              + (s == a.alignedSpf() ? "*" : ""));
    }
    return String.join(", ", parts);
  }

  private static String reasons(ReportRecord rec) {
    List<String> parts = new ArrayList<>();
    for (PolicyOverrideReason reason : rec.policyEvaluated().reasons()) {
      parts.add(reason.type().token() + (reason.comment() != null ? ": " + reason.comment() : ""));
    }
    return parts.isEmpty() ? "" : String.join("; ", parts);
  }

  private void totals(AggregateReport r) {
    long total = 0;
    long dmarc = 0;
    long dkim = 0;
    long spf = 0;
    long differing = 0;
    long differingMessages = 0;
    long reporterPass = 0;
    Set<String> ips = new HashSet<>();
    Map<DispositionType, Long> dispositions = new EnumMap<>(DispositionType.class);
    for (ReportRecord rec : r.records()) {
      RecordAlignment a = RecordAlignment.of(rec, r.policyPublished(), organizationalDomain);
      long n = rec.count();
      total += n;
      dmarc += a.dmarcPass() ? n : 0;
      dkim += a.dkimAligned() ? n : 0;
      spf += a.spfAligned() ? n : 0;
      reporterPass += rec.policyEvaluated().dmarcPass() ? n : 0;
      if (a.differsFromReporter(rec.policyEvaluated())) {
        differing++;
        differingMessages += n;
      }
      ips.add(InetAddresses.toAddrString(rec.sourceIp()));
      dispositions.merge(rec.policyEvaluated().disposition(), n, Long::sum);
    }
    out.println();
    out.printf(
        Locale.ROOT,
        "  Totals    %,d message%s in %,d row%s from %,d source IP%s%n",
        total,
        total == 1 ? "" : "s",
        r.records().size(),
        r.records().size() == 1 ? "" : "s",
        ips.size(),
        ips.size() == 1 ? "" : "s");
    out.printf(
        Locale.ROOT,
        "            DMARC pass %s   DKIM aligned %s   SPF aligned %s%n",
        share(dmarc, total),
        share(dkim, total),
        share(spf, total));
    if (differing > 0) {
      out.printf(
          Locale.ROOT,
          "            the reporter's verdicts differ in %,d row%s (%,d message%s); by its own"
              + " account DMARC passed for %s%n",
          differing,
          differing == 1 ? "" : "s",
          differingMessages,
          differingMessages == 1 ? "" : "s",
          share(reporterPass, total));
    }
    List<String> disp = new ArrayList<>();
    dispositions.forEach((d, n) -> disp.add(String.format(Locale.ROOT, "%s %,d", d.token(), n)));
    if (!disp.isEmpty()) {
      out.println("            disposition: " + String.join(", ", disp));
    }
  }

  private static String share(long part, long total) {
    return total == 0
        ? "-"
        : String.format(Locale.ROOT, "%,d (%.1f %%)", part, 100.0 * part / total);
  }
}
