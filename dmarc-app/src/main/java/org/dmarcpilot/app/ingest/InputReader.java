// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmarcpilot.app.store.IncomingReport;
import org.dmarcpilot.app.store.IngestFailure;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.ReportOriginal;
import org.dmarcpilot.app.store.Sha256;
import org.dmarcpilot.report.aggregate.AggregateReport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one input, hashed and bounded, and parses it: a small one from memory, a large one as a
 * stream (see {@link #IN_MEMORY_BYTES}); what a parser thread of the {@link IngestPipeline} does
 * with each input. Never throws: an input that cannot be read or holds no report becomes a failure
 * with its original bytes.
 */
final class InputReader {
  private static final Logger LOG = LoggerFactory.getLogger(InputReader.class);

  private final InputParser parser;
  private final IngestOptions options;

  InputReader(InputParser parser, IngestOptions options) {
    this(parser, options, IN_MEMORY_BYTES);
  }

  /** A reader that holds inputs of up to {@code inMemoryBytes} in memory; tests make it small. */
  InputReader(InputParser parser, IngestOptions options, int inMemoryBytes) {
    this.parser = parser;
    this.options = options;
    this.inMemoryBytes = inMemoryBytes;
  }

  /**
   * The largest input read into memory and parsed from there: 16 MiB. A larger one is parsed as a
   * stream, so that a parser thread holds about this much whatever the input's size (two inputs of
   * 250 MB read at once into memory ran a 512 MiB heap out).
   */
  static final int IN_MEMORY_BYTES = 16 << 20;

  private final int inMemoryBytes;

  /**
   * The most bytes the failure copies of one input keep in all: 32 MiB. Past it, further failures
   * of the input keep no bytes (their size is still logged). Without it, an mbox of many broken
   * messages could hold hundreds of MiB of copies while it waits for the writer.
   */
  static final long MAX_FAILURE_COPY_BYTES_PER_INPUT = 32L << 20;

  /** Reads and parses one input. */
  ParsedInput read(InputUnit unit) {
    Provenance prov = unit.provenance();
    long max = options.maxInputBytes();
    try (InputStream in = unit.open()) {
      if (unit.sizeHint() > max) {
        return tooLarge(unit, HashedInput.drained(in, max, options.failureCopyBytes()));
      }
      byte[] head = readHead(in, (int) Math.min(inMemoryBytes, max) + 1, unit.sizeHint());
      if (head.length <= inMemoryBytes && head.length <= max) {
        return parsed(unit, head);
      }
      if (head.length > max) {
        return tooLarge(unit, HashedInput.drained(head, in, max, options.failureCopyBytes()));
      }
      return streamed(unit, new HashedInput(head, in, max, options.failureCopyBytes()));
    } catch (IOException e) {
      String reason = unit.name() + ": cannot read: " + describe(e);
      byte[] none = new byte[0];
      Collector c = new Collector(prov);
      c.failures.add(
          newFailure(prov, reason, Sha256.of(reason.getBytes(StandardCharsets.UTF_8)), 0, none));
      return c.parsed(unit, Sha256.of(none), 0);
    }
  }

  /**
   * What went wrong, for a person: the JDK's file system errors carry the path as their message and
   * the cause in their type or reason.
   */
  static String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof FileSystemException fs) {
      return fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }

  /** An input in memory. */
  private ParsedInput parsed(InputUnit unit, byte[] data) {
    String sha = Sha256.of(data);
    Collector c = new Collector(unit.provenance());
    try {
      parser.parse(data, unit.name(), c);
    } catch (RuntimeException e) {
      c.internalError(unit, e);
    }
    c.finish(unit, sha, data.length, data);
    return c.parsed(unit, sha, data.length);
  }

  /**
   * An input parsed as it is read. Its reports count only when the whole input was within the
   * bound: what an input over it yielded is dropped, as if it had not been parsed.
   */
  private ParsedInput streamed(InputUnit unit, HashedInput in) throws IOException {
    Collector c = new Collector(unit.provenance());
    try {
      parser.parse(in, unit.name(), c);
    } catch (RuntimeException e) {
      c.internalError(unit, e);
    }
    in.drain(); // the hash is of the whole input, whatever the parser needed of it
    if (in.overBound()) {
      return tooLarge(unit, in);
    }
    c.finish(unit, in.sha256(), in.count(), in.head());
    return c.parsed(unit, in.sha256(), in.count());
  }

  /** An input over {@link IngestOptions#maxInputBytes()}: one failure, with its first bytes. */
  private ParsedInput tooLarge(InputUnit unit, HashedInput in) {
    long size = Math.max(in.count(), unit.sizeHint());
    Collector c = new Collector(unit.provenance());
    c.failures.add(
        newFailure(
            unit.provenance(),
            unit.name() + ": input larger than " + options.maxInputBytes() + " bytes",
            in.sha256(),
            size,
            in.head()));
    return c.parsed(unit, in.sha256(), size);
  }

  /** What the parser finds in one input. */
  private final class Collector implements InputParser.Sink {
    final Provenance prov;
    final List<IncomingReport> reports = new ArrayList<>();
    final List<IngestFailure> failures = new ArrayList<>();
    final Map<String, String> problems = new HashMap<>();
    final Map<String, byte[]> keptBySha = new HashMap<>();
    int recordCount;
    long originalBytes;
    long keptBytes;
    @Nullable String internalError;

    Collector(Provenance prov) {
      this.prov = prov;
    }

    @Override
    public void report(
        AggregateReport report, String sha256, @Nullable String part, @Nullable String messageId) {
      Provenance where = part == null ? prov : prov.withPart(part);
      if (messageId != null && where.messageId() == null) {
        where = new Provenance(where.kind(), where.path(), where.mailbox(), messageId, part);
      }
      reports.add(new IncomingReport(report, sha256, where));
      recordCount += report.records().size();
    }

    @Override
    public void original(
        int count,
        long originalSize,
        byte @Nullable [] bytes,
        String mediaType,
        @Nullable String fileName) {
      ReportOriginal o =
          new ReportOriginal(
              ReportOriginal.fileNameFor(fileName, mediaType), mediaType, originalSize, bytes);
      o = o.compacted(); // on this parser thread, not the single writer's
      for (int i = Math.max(0, reports.size() - count); i < reports.size(); i++) {
        reports.set(i, reports.get(i).withOriginal(o)); // a zip of two: one array, shared
      }
      originalBytes += bytes == null ? 0 : bytes.length;
    }

    @Override
    public void failure(
        String reason, String problem, byte[] original, long originalSize, @Nullable String part) {
      problems.put(reason, problem);
      String sha = Sha256.of(original);
      byte[] kept = keptBySha.get(sha); // a zip's failed members share the input's bytes
      if (kept == null) {
        int allowed =
            (int)
                Math.min(
                    options.failureCopyBytes(),
                    Math.max(0, MAX_FAILURE_COPY_BYTES_PER_INPUT - keptBytes));
        kept = original.length <= allowed ? original : Arrays.copyOf(original, allowed);
        keptBytes += kept.length;
        keptBySha.put(sha, kept);
      }
      failures.add(
          newFailure(
              prov.withPart(part), reason, sha, Math.max(originalSize, original.length), kept));
    }

    /** A parser bug: the input is one failure, whatever the parser delivered before. */
    void internalError(InputUnit unit, RuntimeException e) {
      LOG.error("parser failed on {}", unit.name(), e);
      reports.clear();
      recordCount = 0;
      originalBytes = 0;
      failures.clear();
      problems.clear();
      internalError = unit.name() + ": internal error while reading: " + e;
    }

    /** Gives the input a failure when the parser failed or found nothing. */
    void finish(InputUnit unit, String sha, long size, byte[] head) {
      if (internalError != null) {
        failures.add(newFailure(prov, internalError, sha, size, kept(head)));
      } else if (reports.isEmpty() && failures.isEmpty()) {
        failures.add(
            newFailure(prov, unit.name() + ": no aggregate report found", sha, size, kept(head)));
      }
    }

    ParsedInput parsed(InputUnit unit, String sha, long size) {
      return InputReader.this.parsed(
          unit, sha, size, reports, failures, problems, recordCount, originalBytes);
    }
  }

  /**
   * A parsed input, with what it holds: the bytes of its originals and failure copies (a copy
   * shared by failures counted once), and the writer's in-flight bound it takes, its records plus
   * those bytes (a KiB counts as a record).
   */
  private ParsedInput parsed(
      InputUnit unit,
      String sha,
      long size,
      List<IncomingReport> reports,
      List<IngestFailure> failures,
      Map<String, String> problems,
      int records,
      long originalBytes) {
    long held = originalBytes;
    Set<byte[]> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (IngestFailure f : failures) {
      if (seen.add(f.original())) {
        held += f.original().length;
      }
    }
    int permits = (int) Math.max(1, Math.min(options.maxInFlightRecords(), records + held / 1024));
    return new ParsedInput(unit, sha, size, reports, failures, problems, records, permits, held);
  }

  private byte[] kept(byte[] data) {
    return data.length <= options.failureCopyBytes()
        ? data
        : Arrays.copyOf(data, options.failureCopyBytes());
  }

  private static IngestFailure newFailure(
      Provenance p, String reason, String sha, long size, byte[] kept) {
    return new IngestFailure(p, reason, sha, Math.max(size, kept.length), kept);
  }

  /**
   * Reads up to {@code limit} bytes; fewer only when the input ends first. With a right size hint
   * the bytes are read into an array of their size, so nothing is copied.
   */
  static byte[] readHead(InputStream in, int limit, long sizeHint) throws IOException {
    byte[] buf = new byte[(int) Math.max(0, Math.min(limit, sizeHint >= 0 ? sizeHint : 8192))];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (n == limit) {
          return buf;
        }
        int probe = in.read();
        if (probe < 0) {
          return buf;
        }
        buf = Arrays.copyOf(buf, (int) Math.min(limit, Math.max(8192, 2L * buf.length)));
        buf[n++] = (byte) probe;
        continue;
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
      }
      n += r;
    }
  }
}
