// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.dmarcpilot.check.AuditReport;
import org.dmarcpilot.check.AuditSection;
import org.dmarcpilot.check.Finding;
import org.dmarcpilot.check.RecommendedRecord;
import org.dmarcpilot.check.Severity;

/**
 * The readable report of {@code dmarcpilot check}: per domain, per record, the records found, then
 * each finding with its explanation, fix and evidence, then the next DMARC record to publish.
 * Everything that came from the DNS is stripped of control characters before it reaches the
 * terminal, so a hostile TXT record cannot send escape sequences.
 */
final class CheckReportPrinter {
  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String DIM = "\u001b[2m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String CYAN = "\u001b[36m";
  private static final int MAX_EVIDENCE = 6;

  private final PrintWriter out;
  private final boolean colour;
  private final int width;

  CheckReportPrinter(PrintWriter out, boolean colour, int width) {
    this.out = out;
    this.colour = colour;
    this.width = width;
  }

  void print(List<AuditReport> reports) {
    for (int i = 0; i < reports.size(); i++) {
      if (i > 0) {
        out.println();
      }
      print(reports.get(i));
    }
    if (reports.size() > 1) {
      out.println();
      out.println(style(BOLD, "Summary"));
      for (AuditReport r : reports) {
        out.println("  " + pad(clean(r.domain()), 40) + summary(r));
      }
    }
  }

  private void print(AuditReport r) {
    String head = "== " + clean(r.domain()) + " ";
    out.println(
        style(BOLD, head + "=".repeat(Math.max(3, width - head.length() - 30)))
            + "  "
            + summary(r));
    for (AuditSection section : AuditSection.values()) {
      List<Finding> findings = r.findings(section);
      List<String> records = r.records().getOrDefault(section, List.of());
      if (findings.isEmpty() && records.isEmpty()) {
        continue;
      }
      out.println();
      out.println(style(BOLD, section.title()));
      for (String line : records) {
        out.println("  " + style(DIM, clean(line)));
      }
      if (findings.isEmpty()) {
        out.println("  " + style(GREEN, "OK") + "  no problems found");
      }
      for (Finding f : findings) {
        finding(f);
      }
    }
    RecommendedRecord rec = r.recommendation();
    if (rec != null) {
      out.println();
      String title =
          rec.changes()
              ? "Next DMARC record: " + rec.current().label() + " -> " + rec.next().label()
              : "DMARC record to keep: " + rec.next().label();
      out.println(style(BOLD, title));
      out.println(
          "  " + style(GREEN, clean(rec.name()) + ".  TXT  \"" + clean(rec.record()) + "\""));
      for (String note : rec.notes()) {
        wrap("- " + clean(note), 2, 4, "");
      }
    }
    if (r.dnsFailed()) {
      out.println();
      out.println(
          style(
              RED,
              "DNS failed for "
                  + r.dnsFailures().size()
                  + " quer"
                  + (r.dnsFailures().size() == 1 ? "y" : "ies")
                  + "; the results above are incomplete."));
    }
  }

  private void finding(Finding f) {
    String colourOf =
        switch (f.severity()) {
          case ERROR -> RED;
          case WARNING -> YELLOW;
          case INFO -> CYAN;
        };
    String label = pad(f.severity().label().toUpperCase(Locale.ROOT), 8);
    List<String> title = words(clean(f.title()) + "  [" + f.id() + "]", width - 12);
    for (int i = 0; i < title.size(); i++) {
      String t = title.get(i);
      if (i == title.size() - 1) {
        int at = t.lastIndexOf("  [");
        t = at >= 0 ? t.substring(0, at) + "  " + style(DIM, t.substring(at + 2)) : t;
      }
      out.println(i == 0 ? "  " + style(colourOf + BOLD, label) + t : " ".repeat(10) + t);
    }
    wrap(clean(f.explanation()), 12, 12, "");
    if (f.severity() != Severity.INFO || !f.fix().startsWith("Nothing")) {
      wrap(clean(f.fix()), 12, 17, style(BOLD, "Fix: "));
    }
    List<String> ev = f.evidence();
    for (int i = 0; i < Math.min(ev.size(), MAX_EVIDENCE); i++) {
      String seen = i == 0 ? "Seen: " : "      ";
      List<String> parts = chunks(clean(ev.get(i)), Math.max(30, width - 18), 4);
      for (int j = 0; j < parts.size(); j++) {
        out.println(" ".repeat(12) + style(DIM, (j == 0 ? seen : "      ") + parts.get(j)));
      }
    }
    if (ev.size() > MAX_EVIDENCE) {
      out.println(" ".repeat(18) + style(DIM, "(+" + (ev.size() - MAX_EVIDENCE) + " more)"));
    }
  }

  private String summary(AuditReport r) {
    long e = r.count(Severity.ERROR);
    long w = r.count(Severity.WARNING);
    long n = r.count(Severity.INFO);
    String s = plural(e, "error") + ", " + plural(w, "warning") + ", " + plural(n, "note");
    if (r.dnsFailed()) {
      return style(RED, s + ", DNS FAILED");
    }
    return style(e > 0 ? RED : w > 0 ? YELLOW : GREEN, s);
  }

  private static String plural(long n, String word) {
    return n + " " + word + (n == 1 ? "" : "s");
  }

  /** Word-wraps text; the first line is indented by {@code first} after the prefix. */
  private void wrap(String text, int first, int rest, String prefix) {
    List<String> lines = words(text, width - rest);
    for (int i = 0; i < lines.size(); i++) {
      out.println(
          i == 0 ? " ".repeat(first) + prefix + lines.get(i) : " ".repeat(rest) + lines.get(i));
    }
  }

  /** Text broken into lines of at most {@code limit} characters at spaces (long words stay). */
  private static List<String> words(String text, int limitIn) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    int limit = Math.max(30, limitIn);
    for (String word : text.split(" ")) {
      if (line.length() > 0 && line.length() + 1 + word.length() > limit) {
        lines.add(line.toString());
        line.setLength(0);
      }
      if (line.length() > 0) {
        line.append(' ');
      }
      line.append(word);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  private String style(String codes, String text) {
    return colour ? codes + text + RESET : text;
  }

  private static String pad(String s, int n) {
    return s.length() >= n ? s + " " : s + " ".repeat(n - s.length());
  }

  /** A long line cut into pieces of at most {@code n} characters, at most {@code max} pieces. */
  private static List<String> chunks(String s, int n, int max) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length() && out.size() < max) {
      int end = Math.min(s.length(), i + n);
      if (end < s.length()) {
        int space = s.lastIndexOf(' ', end);
        if (space > i + n / 2) {
          end = space + 1;
        }
      }
      out.add(s.substring(i, end));
      i = end;
    }
    if (i < s.length()) {
      int last = out.size() - 1;
      String l = out.get(last);
      out.set(last, l.substring(0, Math.max(0, l.length() - 3)) + "...");
    }
    return out;
  }

  /**
   * Replaces control characters (C0, DEL, C1) and bidirectional overrides with visible escapes: DNS
   * data must not drive the terminal.
   */
  static String clean(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad =
          c < 0x20
              || (c >= 0x7f && c <= 0x9f)
              || (c >= 0x202a && c <= 0x202e)
              || (c >= 0x2066 && c <= 0x2069);
      if (bad && sb == null) {
        sb = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (sb != null) {
        if (bad) {
          sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
          sb.append(c);
        }
      }
    }
    return sb == null ? s : sb.toString();
  }
}
