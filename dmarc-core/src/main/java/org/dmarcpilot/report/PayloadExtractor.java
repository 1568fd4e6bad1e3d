// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.dmarcpilot.report.internal.ArrayCopy;
import org.dmarcpilot.report.internal.CopyingInputStream;
import org.dmarcpilot.report.internal.CountingInputStream;
import org.dmarcpilot.report.internal.DecompressionGuard;
import org.dmarcpilot.report.internal.GzipReader;
import org.dmarcpilot.report.internal.InputGuard;
import org.dmarcpilot.report.internal.MboxReader;
import org.dmarcpilot.report.internal.OriginalCapture;
import org.dmarcpilot.report.internal.Sniffer;
import org.dmarcpilot.report.internal.Sniffer.Kind;
import org.jspecify.annotations.Nullable;

/**
 * Finds the XML payloads in an input, whatever wraps them, by content and never by name: plain XML,
 * gzip, zip (every member; members that are not XML are skipped), an RFC 5322 / MIME message
 * (attachments, a gzip as the whole body, forwarded {@code message/rfc822}), and an mbox (split on
 * {@code From } lines, {@code >From} unquoted). Containers nest: a zip in a message in an mbox
 * works. Everything is streamed; nothing holds a whole payload in memory.
 *
 * <p>Every step is bounded by {@link ReportLimits}. A payload that breaks a limit or is damaged
 * fails alone, with a {@link ReportParseException} and a bounded copy of its unit's original bytes;
 * the others of the same input are still delivered. Only an I/O error of the input itself ends the
 * whole input (it is thrown).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class PayloadExtractor {
  /** The read buffer of a streamed input. */
  private static final int INPUT_BUFFER = 1 << 16;

  /**
   * The buffer over a decoded payload (a gzip's output, a zip member, a MIME body): enough to sniff
   * its head, small because every payload allocates one.
   */
  static final int BUFFER = 1 << 13;

  private final ReportLimits limits;
  private final MessageParts messages;

  /** An extractor with these limits. */
  public PayloadExtractor(ReportLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.messages = new MessageParts(limits, this);
  }

  /**
   * Extracts the payloads of one input and hands them to {@code handler}.
   *
   * @param input the input; read to its end (or to the end of what is needed), not closed
   * @param inputName the input's name for provenance and messages (a file name, say)
   * @param handler receives the payloads, failures and skipped parts
   * @throws IOException only if reading {@code input} itself fails
   */
  public void extract(InputStream input, String inputName, PayloadHandler handler)
      throws IOException {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(inputName, "inputName");
    Objects.requireNonNull(handler, "handler");
    InputGuard guard = new InputGuard(input);
    Run run =
        new Run(handler, guard, new DecompressionGuard.Budget(limits.maxInputDecompressedBytes()));
    BufferedInputStream in = new BufferedInputStream(guard, INPUT_BUFFER);
    ReportSource source = ReportSource.of(inputName);
    Kind kind = Sniffer.sniff(in);
    if (kind == Kind.MBOX) {
      mbox(run, in, source);
    } else if (kind != Kind.MESSAGE && keepsOriginal(kind)) {
      CopyingInputStream original = new CopyingInputStream(in, limits.originalCopyBytes());
      unit(run, original, source, false, OriginalCapture.ofStream(source, kind, null, original));
    } else {
      unit(run, in, source, false, null);
    }
  }

  /**
   * Extracts the payloads of an input that is already in memory, as {@link #extract(InputStream,
   * String, PayloadHandler)} does; the bytes are not copied (a failure's copy is cut from them).
   *
   * @param input the whole input; not modified
   * @param inputName the input's name for provenance and messages
   * @param handler receives the payloads, failures and skipped parts
   * @throws IOException only if a handler throws one for the input itself
   */
  public void extract(byte[] input, String inputName, PayloadHandler handler) throws IOException {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(inputName, "inputName");
    Objects.requireNonNull(handler, "handler");
    InputGuard guard = new InputGuard(InputStream.nullInputStream()); // memory does not fail
    Run run =
        new Run(handler, guard, new DecompressionGuard.Budget(limits.maxInputDecompressedBytes()));
    ByteArrayInputStream in = new ByteArrayInputStream(input); // marks and resets
    ReportSource source = ReportSource.of(inputName);
    Kind kind = Sniffer.sniff(in);
    if (kind == Kind.MBOX) {
      mbox(run, in, source);
      return;
    }
    Unit unit = new Unit(new ArrayCopy(input, limits.failureCopyBytes()));
    if (kind != Kind.MESSAGE && keepsOriginal(kind)) { // a message's original is its attachment
      unit.capture = OriginalCapture.ofInput(source, kind, input); // not copied
    }
    try {
      dispatch(run, unit, in, source, 0, false);
      handOverOriginal(run, unit);
    } finally {
      unit.finish(run, source);
    }
  }

  /** Whether an input or part of this kind is kept as the original of the reports it holds. */
  boolean keepsOriginal(Kind kind) {
    return limits.originalCopyBytes() > 0
        && (kind == Kind.XML || kind == Kind.GZIP || kind == Kind.ZIP || kind == Kind.MESSAGE);
  }

  /** Ends the unit's capture and hands the original over when it yielded reports. */
  void handOverOriginal(Run run, Unit unit) {
    OriginalCapture c = unit.capture;
    unit.capture = null;
    PayloadOriginal o = c == null ? null : c.result(limits.originalCopyBytes());
    if (o != null) {
      run.handler().original(o);
    }
  }

  /** Each message of an mbox is a unit of its own. */
  private void mbox(Run run, InputStream in, ReportSource source) throws IOException {
    MboxReader mbox = new MboxReader(in, INPUT_BUFFER);
    int number = 0;
    for (InputStream message; (message = mbox.next()) != null; ) {
      number++;
      if (number > limits.maxMboxMessages()) {
        Unit unit = new Unit(new CopyingInputStream(InputStream.nullInputStream(), 0));
        unit.fail(
            source,
            "the mbox has more than "
                + limits.maxMboxMessages()
                + " messages (limit maxMboxMessages); the rest was not read");
        unit.finish(run, source);
        return;
      }
      ReportSource messageSource = source.withMessageNumber(number);
      unit(run, message, messageSource, true, null);
    }
  }

  /** One unit: the input, or one message of an mbox. */
  private void unit(
      Run run,
      InputStream raw,
      ReportSource source,
      boolean mboxMessage,
      @Nullable OriginalCapture capture)
      throws IOException {
    CopyingInputStream tee = new CopyingInputStream(raw, limits.failureCopyBytes());
    Unit unit = new Unit(tee);
    unit.capture = capture;
    BufferedInputStream in = new BufferedInputStream(tee, mboxMessage ? BUFFER : INPUT_BUFFER);
    try {
      if (mboxMessage) {
        messages.message(run, unit, in, source, 0);
      } else {
        dispatch(run, unit, in, source, 0, false);
      }
      if (unit.capture != null && unit.capture.reports() > 0) {
        tee.drain(); // the original is the whole input
        handOverOriginal(run, unit);
      }
    } finally {
      unit.finish(run, source);
    }
  }

  /** Reads one payload whose kind is not known yet; {@code in} supports mark and reset. */
  void dispatch(
      Run run, Unit unit, InputStream in, ReportSource source, int depth, boolean optional)
      throws IOException {
    if (depth > limits.maxNestingDepth()) {
      unit.fail(
          source,
          "containers nested deeper than "
              + limits.maxNestingDepth()
              + " levels (limit maxNestingDepth)");
      return;
    }
    byte[] head;
    try {
      head = Sniffer.head(in);
    } catch (IOException e) {
      run.io(unit, source, e);
      return;
    }
    Kind kind = Sniffer.sniff(head);
    switch (kind) {
      case XML -> xml(run, unit, in, source);
      case GZIP -> gzip(run, unit, in, source, depth);
      case ZIP -> zip(run, unit, in, source, depth);
      case MESSAGE -> messages.message(run, unit, in, source, depth);
      case MBOX -> {
        skipLine(in);
        messages.message(run, unit, in, source, depth);
      }
      default -> notAReport(unit, source, kind, head, depth, optional);
    }
  }

  private static void notAReport(
      Unit unit, ReportSource source, Kind kind, byte[] head, int depth, boolean optional) {
    if (optional) {
      String what =
          switch (kind) {
            case EMPTY -> "is empty";
            case BLANK -> "holds only white space";
            case EMPTY_ZIP -> "is an empty zip archive";
            case JSON -> "is a JSON document, not an aggregate report";
            default ->
                "is not XML, gzip, zip or an e-mail message (it begins with "
                    + Sniffer.preview(head)
                    + ")";
          };
      unit.skip(source, describe(source) + " " + what);
      return;
    }
    String what =
        switch (kind) {
          case EMPTY -> depth == 0 ? "empty input (0 bytes)" : "empty (0 bytes)";
          case BLANK -> "only white space, no report";
          case EMPTY_ZIP -> "an empty zip archive (no members)";
          case JSON ->
              "a JSON document, not an aggregate report (SMTP TLS reports, RFC 8460, are JSON)";
          default -> notAReport(head);
        };
    unit.fail(source, what);
  }

  /**
   * Why bytes of no known kind are not a report, naming the format when it is a known other one.
   */
  private static String notAReport(byte[] head) {
    String format = Sniffer.unsupported(head);
    return format != null
        ? "not a report: " + format + ", which is not read; reports come as XML, gzip or zip"
        : "not a report: neither XML, gzip, zip nor an e-mail message; it begins with "
            + Sniffer.preview(head);
  }

  private static String describe(ReportSource source) {
    if (source.zipMember() != null) {
      return "zip member \"" + source.zipMember() + "\"";
    }
    if (source.mimePart() != null) {
      return "part "
          + source.mimePart()
          + (source.attachmentName() != null ? " \"" + source.attachmentName() + "\"" : "");
    }
    return source.inputName();
  }

  private void xml(Run run, Unit unit, InputStream in, ReportSource source) throws IOException {
    try {
      run.handler().xml(source, new KeepOpen(in)); // closing it must not end the container
      unit.reports++;
      if (unit.capture != null) {
        unit.capture.reportFound();
      }
    } catch (ReportParseException e) {
      IOException inputFailure = run.guard().failure();
      if (inputFailure != null) {
        throw inputFailure;
      }
      unit.failures.add(new Unit.Pending(source, e));
    } catch (IOException e) {
      run.io(unit, source, e);
    }
  }

  private void gzip(Run run, Unit unit, InputStream in, ReportSource source, int depth)
      throws IOException {
    CountingInputStream counted = new CountingInputStream(in);
    GzipReader gz;
    try {
      gz = new GzipReader(counted, 8192);
    } catch (IOException e) {
      run.io(unit, source, e);
      return;
    }
    DecompressionGuard out =
        new DecompressionGuard(gz, counted::count, limits, run.budget(), "the gzip data");
    try {
      dispatch(run, unit, new BufferedInputStream(out, BUFFER), source, depth + 1, false);
    } finally {
      gz.close(); // frees the inflater's native memory now, not when the collector finds it
    }
  }

  private void zip(Run run, Unit unit, InputStream in, ReportSource source, int depth)
      throws IOException {
    CountingInputStream counted = new CountingInputStream(in);
    try (ZipInputStream zip = new ZipInputStream(counted, StandardCharsets.ISO_8859_1)) {
      // closing frees the inflater's native memory; the input below stays open
      members(run, unit, zip, counted, source, depth);
    }
  }

  private void members(
      Run run,
      Unit unit,
      ZipInputStream zip,
      CountingInputStream counted,
      ReportSource source,
      int depth)
      throws IOException {
    int members = 0;
    int index = 0;
    while (true) {
      ZipEntry entry;
      try {
        entry = zip.getNextEntry();
      } catch (IOException e) {
        run.io(unit, source, e);
        return;
      } catch (IllegalArgumentException e) {
        unit.fail(source, "damaged zip archive: a member name is not valid UTF-8");
        return;
      }
      if (entry == null) {
        break;
      }
      index++;
      if (entry.isDirectory()) {
        continue;
      }
      if (++members > limits.maxZipMembers()) {
        unit.fail(
            source,
            "the zip archive has more than "
                + limits.maxZipMembers()
                + " members (limit maxZipMembers); the rest was not read");
        return;
      }
      String name = entry.getName().isEmpty() ? "#" + index : entry.getName();
      ReportSource memberSource = source.withZipMember(name);
      long start = counted.count();
      DecompressionGuard member =
          new DecompressionGuard(
              new KeepOpen(zip),
              () -> counted.count() - start,
              limits,
              run.budget(),
              "zip member \"" + name + "\"");
      BufferedInputStream body = new BufferedInputStream(member, BUFFER);
      int failuresBefore = unit.failures.size();
      dispatch(run, unit, body, memberSource, depth + 1, true);
      try {
        // read what the member has left through the guard: a bomb costs no more than the limits
        body.skip(Long.MAX_VALUE);
        while (body.read() >= 0) {
          body.skip(Long.MAX_VALUE);
        }
      } catch (IOException e) {
        if (unit.failures.size() == failuresBefore) {
          run.io(unit, memberSource, e);
        } else if (run.guard().failure() != null) {
          throw run.guard().failure();
        }
        return; // the rest of the archive is not trustworthy
      }
    }
    if (members == 0) {
      unit.fail(source, "a zip archive without members");
    }
  }

  private static void skipLine(InputStream in) throws IOException {
    for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
      // the mbox "From " line is not part of the message
    }
  }
}
