// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
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
 * Reads one input into memory (bounded, hashed) and parses it; what a parser thread of the {@link
 * IngestPipeline} does with each input. Never throws: an input that cannot be read or holds no
 * report becomes a failure with its original bytes.
 */
final class InputReader {
  private static final Logger LOG = LoggerFactory.getLogger(InputReader.class);

  private final InputParser parser;
  private final IngestOptions options;

  InputReader(InputParser parser, IngestOptions options) {
    this.parser = parser;
    this.options = options;
  }

  /**
   * The most bytes the failure copies of one input keep in all: 32 MiB. Past it, further failures
   * of the input keep no bytes (their size is still logged). Without it, an mbox of many broken
   * messages could hold hundreds of MiB of copies while it waits for the writer.
   */
  static final long MAX_FAILURE_COPY_BYTES_PER_INPUT = 32L << 20;

  /** Reads and parses one input. */
  ParsedInput read(InputUnit unit) {
    List<IncomingReport> reports = new ArrayList<>();
    List<IngestFailure> failures = new ArrayList<>();
    Provenance prov = unit.provenance();
    byte[] data;
    String sha;
    long size;
    try (InputStream in = unit.open()) {
      Bounded b = readBounded(in, options.maxInputBytes(), unit.sizeHint());
      sha = b.sha256;
      size = b.size;
      if (b.size > options.maxInputBytes()) {
        failures.add(
            newFailure(
                prov,
                unit.name() + ": input larger than " + options.maxInputBytes() + " bytes",
                b.sha256,
                b.size,
                b.head));
        return parsed(unit, sha, size, reports, failures, Map.of(), 0, 0);
      }
      data = b.head;
    } catch (IOException e) {
      String reason = unit.name() + ": cannot read: " + e.getMessage();
      byte[] none = new byte[0];
      failures.add(
          newFailure(prov, reason, Sha256.of(reason.getBytes(StandardCharsets.UTF_8)), 0, none));
      return parsed(unit, Sha256.of(none), 0, reports, failures, Map.of(), 0, 0);
    }
    int[] recordCount = new int[1];
    long[] originalBytes = new long[1];
    Map<String, String> problems = new HashMap<>();
    Map<String, byte[]> keptBySha = new HashMap<>();
    long[] keptBytes = new long[1];
    InputParser.Sink sink =
        new InputParser.Sink() {
          @Override
          public void report(
              AggregateReport report,
              String sha256,
              @Nullable String part,
              @Nullable String messageId) {
            Provenance where = part == null ? prov : prov.withPart(part);
            if (messageId != null && where.messageId() == null) {
              where = new Provenance(where.kind(), where.path(), where.mailbox(), messageId, part);
            }
            reports.add(new IncomingReport(report, sha256, where));
            recordCount[0] += report.records().size();
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
                    ReportOriginal.fileNameFor(fileName, mediaType),
                    mediaType,
                    originalSize,
                    bytes);
            o = o.compacted(); // on this parser thread, not the single writer's
            for (int i = Math.max(0, reports.size() - count); i < reports.size(); i++) {
              reports.set(i, reports.get(i).withOriginal(o)); // a zip of two: one array, shared
            }
            originalBytes[0] += bytes == null ? 0 : bytes.length;
          }

          @Override
          public void failure(
              String reason,
              String problem,
              byte[] original,
              long originalSize,
              @Nullable String part) {
            problems.put(reason, problem);
            String sha = Sha256.of(original);
            byte[] kept = keptBySha.get(sha); // a zip's failed members share the input's bytes
            if (kept == null) {
              int allowed =
                  (int)
                      Math.min(
                          options.failureCopyBytes(),
                          Math.max(0, MAX_FAILURE_COPY_BYTES_PER_INPUT - keptBytes[0]));
              kept = original.length <= allowed ? original : Arrays.copyOf(original, allowed);
              keptBytes[0] += kept.length;
              keptBySha.put(sha, kept);
            }
            failures.add(
                newFailure(
                    prov.withPart(part),
                    reason,
                    sha,
                    Math.max(originalSize, original.length),
                    kept));
          }
        };
    try {
      parser.parse(data, unit.name(), sink);
    } catch (RuntimeException e) {
      LOG.error("parser failed on {}", unit.name(), e);
      reports.clear();
      recordCount[0] = 0;
      originalBytes[0] = 0;
      failures.clear();
      failures.add(
          newFailure(
              prov, unit.name() + ": internal error while reading: " + e, sha, size, kept(data)));
    }
    if (reports.isEmpty() && failures.isEmpty()) {
      failures.add(
          newFailure(prov, unit.name() + ": no aggregate report found", sha, size, kept(data)));
    }
    return parsed(unit, sha, size, reports, failures, problems, recordCount[0], originalBytes[0]);
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
   * An input's bytes: all of them when it is within the bound, else the first {@code
   * failureCopyBytes}; with the size and hash of the whole.
   */
  record Bounded(byte[] head, long size, String sha256) {}

  /**
   * Reads up to {@code max} bytes, hashing and counting the whole stream. With a right size hint
   * the bytes are read into an array of their size, so nothing is copied.
   */
  Bounded readBounded(InputStream in, long max, long sizeHint) throws IOException {
    int keep = (int) Math.min(max + 1, Integer.MAX_VALUE - 16);
    byte[] buf = new byte[(int) Math.max(0, Math.min(keep, sizeHint >= 0 ? sizeHint : 8192))];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (n == keep) {
          break; // over the bound: hash the rest without keeping it
        }
        int probe = in.read();
        if (probe < 0) {
          return whole(buf, n);
        }
        buf = Arrays.copyOf(buf, (int) Math.min(keep, Math.max(8192, 2L * buf.length)));
        buf[n++] = (byte) probe;
        continue;
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        return whole(buf, n);
      }
      n += r;
    }
    MessageDigest md = Sha256.digest();
    md.update(buf, 0, n);
    long size = n;
    byte[] scratch = new byte[65536];
    for (int r; (r = in.read(scratch)) > 0; ) {
      md.update(scratch, 0, r);
      size += r;
    }
    byte[] head = Arrays.copyOf(buf, (int) Math.min(n, options.failureCopyBytes()));
    return new Bounded(head, size, HexFormat.of().formatHex(md.digest()));
  }

  private static Bounded whole(byte[] buf, int n) {
    byte[] data = n == buf.length ? buf : Arrays.copyOf(buf, n);
    MessageDigest md = Sha256.digest();
    md.update(data);
    return new Bounded(data, n, HexFormat.of().formatHex(md.digest()));
  }
}
