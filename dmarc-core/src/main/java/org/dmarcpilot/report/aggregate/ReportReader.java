// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.report.PayloadExtractor;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.PayloadHandler;
import org.dmarcpilot.report.PayloadOriginal;
import org.dmarcpilot.report.ReportIssue;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportParseException;
import org.dmarcpilot.report.ReportSource;
import org.jspecify.annotations.Nullable;

/**
 * Reads every aggregate report in an input, whatever it arrived in: XML, gzip, zip, an e-mail
 * message, an mbox, a Maildir folder; the content decides, never the file name. Combines {@link
 * PayloadExtractor} (containers) and {@link AggregateReportReader} (XML), and adds provenance and
 * the SHA-256 of each report's XML.
 *
 * <pre>{@code
 * ReportReader reader = new ReportReader(ReportLimits.DEFAULTS);
 * for (AggregateReport report : reader.read(Path.of("report.zip"))) { ... }
 *
 * reader.read(in, "INBOX/4711", new ReportHandler() {
 *   public void report(ExtractedReport r) { store(r); }
 *   public void failure(PayloadFailure f) { failureLog(f); }
 * });
 * }</pre>
 *
 * <p>A payload that fails (not a report, damaged, over a limit) is handed to the handler with its
 * location, the exception and a bounded copy of the original bytes; the input's other payloads go
 * on. Only an I/O error of the input itself ends the input, as an {@link IOException}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ReportReader {
  private final PayloadExtractor extractor;
  private final AggregateReportReader xml;

  /** A reader with the {@link ReportLimits#DEFAULTS default limits}. */
  public ReportReader() {
    this(ReportLimits.DEFAULTS);
  }

  /** A reader with these limits. */
  public ReportReader(ReportLimits limits) {
    Objects.requireNonNull(limits, "limits");
    this.extractor = new PayloadExtractor(limits);
    this.xml = new AggregateReportReader(limits);
  }

  /**
   * Reads one input and hands each report to {@code handler} whole.
   *
   * @param input the input; read to its end, not closed
   * @param inputName its name for provenance and messages
   * @param handler receives reports, failures and skipped parts
   * @throws IOException only if reading {@code input} itself fails
   */
  public void read(InputStream input, String inputName, ReportHandler handler) throws IOException {
    Objects.requireNonNull(handler, "handler");
    stream(input, inputName, new Whole(handler));
  }

  /**
   * Reads one input that is already in memory and hands each report to {@code handler} whole; as
   * {@link #read(InputStream, String, ReportHandler)}, without copying the input.
   *
   * @param input the input's bytes; not modified
   * @param inputName its name for provenance and messages
   * @param handler receives reports, failures and skipped parts
   * @throws IOException only if the handler throws one
   */
  public void read(byte[] input, String inputName, ReportHandler handler) throws IOException {
    Objects.requireNonNull(handler, "handler");
    extractor.extract(input, inputName, new Payloads(new Whole(handler)));
  }

  /**
   * Reads one input and hands each report to {@code handler} record by record, for reports of any
   * size.
   *
   * @param input the input; read to its end, not closed
   * @param inputName its name for provenance and messages
   * @param handler receives reports record by record, failures and skipped parts
   * @throws IOException only if reading {@code input} itself fails
   */
  public void stream(InputStream input, String inputName, ReportStreamHandler handler)
      throws IOException {
    Objects.requireNonNull(handler, "handler");
    extractor.extract(input, inputName, new Payloads(handler));
  }

  /**
   * Reads a file, or every file under a directory (recursively, in name order; in a Maildir the
   * {@code tmp} folders are left out), each as its own input. A named pipe, socket or device is
   * never opened: a pipe would block until a writer came, a device such as {@code /dev/zero} would
   * never end.
   *
   * @throws IOException if a file cannot be read, or {@code path} is a named pipe, socket or device
   *     (the files before it were handed over)
   */
  public void read(Path path, ReportHandler handler) throws IOException {
    for (Path file : inputs(path)) {
      if (Files.exists(file) && !Files.isRegularFile(file)) {
        throw new IOException(
            file + ": not a regular file (a named pipe, socket or device); not read");
      }
      try (InputStream in = Files.newInputStream(file)) {
        read(in, file.toString(), handler);
      }
    }
  }

  /**
   * The reports in a file or directory, all or nothing: a convenience for library users.
   *
   * @throws ReportParseException for the first payload that failed (the others are suppressed
   *     exceptions of it)
   * @throws IOException if a file cannot be read
   */
  public List<AggregateReport> read(Path path) throws IOException, ReportParseException {
    List<AggregateReport> reports = new ArrayList<>();
    List<PayloadFailure> failures = new ArrayList<>();
    read(
        path,
        new ReportHandler() {
          @Override
          public void report(ExtractedReport report) {
            reports.add(report.report());
          }

          @Override
          public void failure(PayloadFailure failure) {
            failures.add(failure);
          }
        });
    if (!failures.isEmpty()) {
      ReportParseException first = failures.get(0).error();
      for (int i = 1; i < failures.size(); i++) {
        first.addSuppressed(failures.get(i).error());
      }
      throw first;
    }
    return reports;
  }

  /**
   * The inputs a path stands for: the file itself, or the regular files under a directory in name
   * order, without hidden files. In a Maildir folder ({@code cur} and {@code new} side by side)
   * only the messages in {@code cur} and {@code new} count, not {@code tmp} and not the folder's
   * own files (such as {@code dovecot-uidlist}). Symbolic links are not followed.
   *
   * @throws IOException if the directory cannot be walked
   */
  public static List<Path> inputs(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> files = new ArrayList<>();
    Files.walkFileTree(
        path,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
            Path name = dir.getFileName();
            if (name != null && name.toString().equals("tmp") && isMaildir(dir.getParent())) {
              return FileVisitResult.SKIP_SUBTREE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            Path name = file.getFileName();
            if (attrs.isRegularFile()
                && name != null
                && !name.toString().startsWith(".")
                && !isMaildir(file.getParent())) {
              files.add(file);
            }
            return FileVisitResult.CONTINUE;
          }
        });
    files.sort(null);
    return files;
  }

  /** A Maildir folder: {@code cur} and {@code new} side by side (its own files are not mail). */
  private static boolean isMaildir(@Nullable Path dir) {
    return dir != null
        && Files.isDirectory(dir.resolve("cur"))
        && Files.isDirectory(dir.resolve("new"));
  }

  /** Reads each XML payload and hands it on with provenance and digest. */
  private final class Payloads implements PayloadHandler {
    private final ReportStreamHandler handler;

    Payloads(ReportStreamHandler handler) {
      this.handler = handler;
    }

    @Override
    public void xml(ReportSource source, InputStream in) throws ReportParseException, IOException {
      MessageDigest sha = sha256();
      DigestInputStream digesting = new DigestInputStream(in, sha);
      Forward forward = new Forward(source, handler);
      try {
        ReportTrailer trailer = xml.stream(digesting, source.location(), forward);
        digesting.transferTo(OutputStream.nullOutputStream()); // the rest counts for the digest
        if (!forward.begun) {
          throw new IllegalStateException("a report without a header"); // the parser throws first
        }
        handler.end(source, HexFormat.of().formatHex(sha.digest()), trailer);
      } catch (ReportParseException | IOException | RuntimeException e) {
        if (forward.begun) {
          handler.abort(source);
        }
        throw e;
      }
    }

    @Override
    public void failed(PayloadFailure failure) {
      handler.failure(failure);
    }

    @Override
    public void skipped(ReportSource source, ReportIssue issue) {
      handler.skipped(source, issue);
    }

    @Override
    public void original(PayloadOriginal original) {
      handler.original(original);
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }

  /** Passes header and records on as begin and record. */
  private static final class Forward implements RecordSink {
    private final ReportSource source;
    private final ReportStreamHandler handler;
    boolean begun;

    Forward(ReportSource source, ReportStreamHandler handler) {
      this.source = source;
      this.handler = handler;
    }

    @Override
    public void header(ReportHeader header) {
      begun = true;
      handler.begin(source, header);
    }

    @Override
    public void record(ReportRecord record) {
      handler.record(record);
    }
  }

  /** Collects each report whole for a {@link ReportHandler}. */
  private static final class Whole implements ReportStreamHandler {
    private final ReportHandler handler;
    private @Nullable ReportHeader header;
    private final List<ReportRecord> records = new ArrayList<>();

    Whole(ReportHandler handler) {
      this.handler = handler;
    }

    @Override
    public void begin(ReportSource source, ReportHeader h) {
      header = h;
      records.clear();
    }

    @Override
    public void record(ReportRecord record) {
      records.add(record);
    }

    @Override
    public void end(ReportSource source, String sha256, ReportTrailer trailer) {
      ReportHeader h = Objects.requireNonNull(header, "header");
      AggregateReport report =
          AggregateReport.of(h, records, trailer.extensions(), trailer.issues());
      header = null;
      records.clear();
      handler.report(new ExtractedReport(source, sha256, report));
    }

    @Override
    public void abort(ReportSource source) {
      header = null;
      records.clear();
    }

    @Override
    public void failure(PayloadFailure failure) {
      handler.failure(failure);
    }

    @Override
    public void skipped(ReportSource source, ReportIssue issue) {
      handler.skipped(source, issue);
    }

    @Override
    public void original(PayloadOriginal original) {
      handler.original(original);
    }
  }
}
