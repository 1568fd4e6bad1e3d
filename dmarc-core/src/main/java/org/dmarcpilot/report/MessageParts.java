// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import org.apache.james.mime4j.MimeException;
import org.dmarcpilot.report.internal.CopyingInputStream;
import org.dmarcpilot.report.internal.IoProblems;
import org.dmarcpilot.report.internal.MimeWalker;
import org.dmarcpilot.report.internal.OriginalCapture;
import org.dmarcpilot.report.internal.Sniffer;
import org.dmarcpilot.report.internal.Sniffer.Kind;
import org.jspecify.annotations.Nullable;

/**
 * The e-mail side of {@link PayloadExtractor}: walks an RFC 5322 / MIME message and decides, part
 * by part, which parts may hold a report (by content type, file name and content) and which are
 * body text or other reports; the parts that may hold one go back to the extractor's dispatch.
 */
final class MessageParts {
  private final ReportLimits limits;
  private final PayloadExtractor extractor;

  MessageParts(ReportLimits limits, PayloadExtractor extractor) {
    this.limits = limits;
    this.extractor = extractor;
  }

  /** Reads one message, {@code depth} containers deep, and every leaf part of it. */
  void message(Run run, Unit unit, InputStream in, ReportSource source, int depth)
      throws IOException {
    try {
      MimeWalker.walk(
          in,
          limits,
          depth,
          (leaf, body) -> {
            ReportSource partSource =
                source.withMessageId(leaf.messageId()).withPart(leaf.part(), leaf.fileName());
            part(run, unit, leaf, body, partSource, depth);
          });
    } catch (MimeException e) {
      unit.fail(source, IoProblems.describe(e), e);
    } catch (IOException e) {
      run.io(unit, source, e);
    }
  }

  private void part(
      Run run, Unit unit, MimeWalker.Leaf leaf, InputStream decoded, ReportSource source, int depth)
      throws IOException {
    String type = leaf.mimeType();
    String label =
        type
            + (leaf.fileName() != null ? " \"" + leaf.fileName() + "\"" : "")
            + " (part "
            + leaf.part()
            + ")";
    boolean declared = isReportType(type) || isReportName(leaf.fileName());
    if (type.equals("text/html")) {
      unit.bodyParts.add(label);
      return;
    }
    // the part is the original of the reports in it, unless a container around it already is
    CopyingInputStream original =
        unit.capture == null && limits.originalCopyBytes() > 0
            ? new CopyingInputStream(decoded, limits.originalCopyBytes())
            : null;
    BufferedInputStream body =
        new BufferedInputStream(original != null ? original : decoded, PayloadExtractor.BUFFER);
    byte[] head;
    try {
      head = Sniffer.head(body);
    } catch (IOException e) {
      run.io(unit, source, e);
      return;
    }
    Kind kind = Sniffer.sniff(head);
    if (original == null || !extractor.keepsOriginal(kind == Kind.MBOX ? Kind.MESSAGE : kind)) {
      partBody(run, unit, leaf, body, source, depth, kind, head, declared);
      return;
    }
    OriginalCapture capture = OriginalCapture.ofStream(source, kind, leaf.fileName(), original);
    unit.capture = capture;
    try {
      partBody(run, unit, leaf, body, source, depth, kind, head, declared);
      if (capture.reports() > 0) {
        capture.drain(); // the rest of the part (a gzip trailer, a zip's directory)
      }
      extractor.handOverOriginal(run, unit);
    } finally {
      unit.capture = null;
    }
  }

  private void partBody(
      Run run,
      Unit unit,
      MimeWalker.Leaf leaf,
      BufferedInputStream body,
      ReportSource source,
      int depth,
      Kind kind,
      byte[] head,
      boolean declared)
      throws IOException {
    String type = leaf.mimeType();
    String label =
        type
            + (leaf.fileName() != null ? " \"" + leaf.fileName() + "\"" : "")
            + " (part "
            + leaf.part()
            + ")";
    if (type.startsWith("text/") && !type.equals("text/xml") && !declared) {
      // body text: read only when it is a report pasted inline
      if (kind == Kind.XML && Sniffer.looksLikeReportXml(head)) {
        extractor.dispatch(run, unit, body, source, depth + 1, false);
      } else {
        unit.bodyParts.add(label);
      }
      return;
    }
    if (type.startsWith("message/") && !type.equals("message/rfc822")) {
      unit.bodyParts.add(label); // message/feedback-report, message/delivery-status, ...
      return;
    }
    boolean container = kind == Kind.XML || kind == Kind.GZIP || kind == Kind.ZIP;
    boolean mandatory = declared && !type.equals("application/octet-stream");
    if (!container && !mandatory && kind != Kind.MESSAGE && kind != Kind.MBOX) {
      unit.skip(
          source,
          "part " + leaf.part() + " (" + type + describeName(leaf) + ") is not a report; ignored");
      return;
    }
    extractor.dispatch(run, unit, body, source, depth + 1, !mandatory);
  }

  private static String describeName(MimeWalker.Leaf leaf) {
    return leaf.fileName() != null ? " \"" + leaf.fileName() + "\"" : "";
  }

  /** Content types that carry aggregate reports (RFC 9990 "Report Delivery", and reality). */
  private static boolean isReportType(String type) {
    return switch (type) {
      case "application/gzip",
          "application/x-gzip",
          "application/zip",
          "application/x-zip",
          "application/x-zip-compressed",
          "application/xml",
          "text/xml",
          "application/octet-stream" ->
          true;
      default -> false;
    };
  }

  private static boolean isReportName(@Nullable String name) {
    if (name == null) {
      return false;
    }
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".xml") || n.endsWith(".gz") || n.endsWith(".zip") || n.endsWith(".xml.gz");
  }
}
