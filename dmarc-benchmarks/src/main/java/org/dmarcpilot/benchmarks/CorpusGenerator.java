// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Generates a realistic corpus of aggregate reports: Google zip attachments, Microsoft gzip, Yahoo
 * plain XML, RFC 9990 namespaced gzip; Pareto-distributed record counts (most reports are small, a
 * few are huge); resent duplicates; some reports wrapped in {@code .eml} messages and some in mbox
 * files. Deterministic for a seed. Writes {@code corpus.properties} with the expected totals.
 *
 * <pre>{@code
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.CorpusGenerator \
 *     --out /tmp/corpus --records 1000000 [--bytes 1g] [--seed 1]
 * }</pre>
 */
public final class CorpusGenerator {
  /** Pareto shape: about 80 % of the records in 20 % of the reports. */
  static final double ALPHA = 1.16;

  private final Random rnd;
  private final Path out;
  private final int maxRecords;
  private final List<byte[]> mboxPending = new ArrayList<>();
  private long files;
  private long bytes;
  private long reports;
  private long duplicates;
  private long records;
  private long messages;
  private long eml;
  private long mboxMessages;

  /** The expected totals of a generated corpus. */
  public record Totals(
      long files, long bytes, long reports, long duplicates, long records, long messages) {}

  CorpusGenerator(Path out, long seed, int maxRecords) {
    this.out = out;
    this.rnd = new Random(seed);
    this.maxRecords = maxRecords;
  }

  /**
   * Generates until at least {@code minRecords} unique records and {@code minBytes} bytes exist.
   */
  public static Totals generate(Path out, long seed, long minRecords, long minBytes, int maxRecords)
      throws IOException {
    Files.createDirectories(out.resolve("reports"));
    CorpusGenerator g = new CorpusGenerator(out, seed, maxRecords);
    while (g.records < minRecords || g.bytes < minBytes) {
      g.one();
    }
    g.flushMbox();
    Totals t = new Totals(g.files, g.bytes, g.reports, g.duplicates, g.records, g.messages);
    Properties p = new Properties();
    p.setProperty("files", Long.toString(t.files));
    p.setProperty("bytes", Long.toString(t.bytes));
    p.setProperty("reports", Long.toString(t.reports));
    p.setProperty("duplicates", Long.toString(t.duplicates));
    p.setProperty("records", Long.toString(t.records));
    p.setProperty("messages", Long.toString(t.messages));
    p.setProperty("eml", Long.toString(g.eml));
    p.setProperty("mboxMessages", Long.toString(g.mboxMessages));
    p.setProperty("seed", Long.toString(seed));
    try (Writer w = Files.newBufferedWriter(out.resolve("corpus.properties"))) {
      p.store(w, "expected totals of the generated corpus");
    }
    return t;
  }

  /** Reads the expected totals of a generated corpus. */
  public static Totals totals(Path out) throws IOException {
    Properties p = new Properties();
    try (var r = Files.newBufferedReader(out.resolve("corpus.properties"))) {
      p.load(r);
    }
    return new Totals(
        Long.parseLong(p.getProperty("files")),
        Long.parseLong(p.getProperty("bytes")),
        Long.parseLong(p.getProperty("reports")),
        Long.parseLong(p.getProperty("duplicates")),
        Long.parseLong(p.getProperty("records")),
        Long.parseLong(p.getProperty("messages")));
  }

  private int paretoRecords() {
    double u = 1.0 - rnd.nextDouble();
    double n = Math.ceil(Math.pow(u, -1.0 / ALPHA));
    return (int) Math.min(maxRecords, n);
  }

  private void one() throws IOException {
    int s = rnd.nextInt(100);
    ReportXml.Style style =
        s < 40
            ? ReportXml.Style.GOOGLE
            : s < 65
                ? ReportXml.Style.MICROSOFT
                : s < 85 ? ReportXml.Style.YAHOO : ReportXml.Style.RFC9990;
    int n = paretoRecords();
    String domain = rnd.nextInt(3) == 0 ? "example.com" : "d" + rnd.nextInt(200) + ".example";
    long begin = 1_714_521_600L + 86_400L * rnd.nextInt(120);
    String id =
        style.name().toLowerCase(Locale.ROOT) + "-" + Long.toUnsignedString(rnd.nextLong(), 36);
    StringBuilder sb = new StringBuilder(600 + n * 700);
    messages += ReportXml.write(sb, style, id, domain, begin, n, rnd);
    reports++;
    records += n;
    byte[] xml = sb.toString().getBytes(StandardCharsets.UTF_8);
    String base =
        style.org.replace(' ', '_')
            + "!"
            + domain
            + "!"
            + begin
            + "!"
            + (begin + 86_399)
            + "!"
            + id;
    emit(style, base, xml);
    if (rnd.nextInt(50) == 0) {
      // the reporter sent it again
      duplicates++;
      emit(style, base + "-resent", xml);
    }
  }

  private void emit(ReportXml.Style style, String base, byte[] xml) throws IOException {
    byte[] payload;
    String name;
    String type;
    switch (style) {
      case GOOGLE -> {
        payload = zip(base + ".xml", xml);
        name = base + ".zip";
        type = "application/zip";
      }
      case YAHOO -> {
        payload = xml;
        name = base + ".xml";
        type = "text/xml";
      }
      default -> {
        payload = gzip(xml);
        name = base + ".xml.gz";
        type = "application/gzip";
      }
    }
    int w = rnd.nextInt(10);
    if (w < 7) {
      write(name, payload);
    } else if (w < 9) {
      eml++;
      write(base + ".eml", message(style, name, type, payload));
    } else {
      mboxMessages++;
      mboxPending.add(message(style, name, type, payload));
      if (mboxPending.size() >= 25) {
        flushMbox();
      }
    }
  }

  private void flushMbox() throws IOException {
    if (mboxPending.isEmpty()) {
      return;
    }
    ByteArrayOutputStream bo = new ByteArrayOutputStream();
    for (byte[] m : mboxPending) {
      bo.write("From MAILER-DAEMON Thu May  2 00:00:00 2024\n".getBytes(StandardCharsets.US_ASCII));
      bo.write(m);
      bo.write('\n');
    }
    write("archive-" + files + ".mbox", bo.toByteArray());
    mboxPending.clear();
  }

  private byte[] message(ReportXml.Style style, String fileName, String type, byte[] payload) {
    String boundary = "=_b" + Long.toHexString(rnd.nextLong());
    StringBuilder sb = new StringBuilder(payload.length * 4 / 3 + 1024);
    sb.append("From: ").append(style.email).append('\n');
    sb.append("To: dmarc-rua@example.com\n");
    sb.append("Subject: Report Domain: example.com Submitter: ").append(style.org).append('\n');
    sb.append("Date: Thu, 2 May 2024 00:00:00 +0000\n");
    sb.append("Message-ID: <").append(Long.toHexString(rnd.nextLong())).append("@mail.example>\n");
    sb.append("MIME-Version: 1.0\n");
    sb.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\n\n");
    sb.append("--").append(boundary).append('\n');
    sb.append("Content-Type: text/plain; charset=us-ascii\n\nThis is an aggregate report.\n\n");
    sb.append("--").append(boundary).append('\n');
    sb.append("Content-Type: ").append(type).append("; name=\"").append(fileName).append("\"\n");
    sb.append("Content-Disposition: attachment; filename=\"").append(fileName).append("\"\n");
    sb.append("Content-Transfer-Encoding: base64\n\n");
    String b64 = Base64.getMimeEncoder(76, new byte[] {'\n'}).encodeToString(payload);
    sb.append(b64).append("\n\n--").append(boundary).append("--\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private void write(String name, byte[] data) throws IOException {
    Path dir = out.resolve("reports").resolve(String.format(Locale.ROOT, "%05d", files / 1000));
    if (files % 1000 == 0) {
      Files.createDirectories(dir);
    }
    Files.write(dir.resolve(name.replace('/', '_')), data);
    files++;
    bytes += data.length;
  }

  private static byte[] zip(String entry, byte[] data) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream(data.length / 8 + 256);
    try (ZipOutputStream z = new ZipOutputStream(bo)) {
      z.putNextEntry(new ZipEntry(entry));
      z.write(data);
      z.closeEntry();
    }
    return bo.toByteArray();
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream bo = new ByteArrayOutputStream(data.length / 8 + 64);
    try (OutputStream g = new GZIPOutputStream(bo)) {
      g.write(data);
    }
    return bo.toByteArray();
  }

  /**
   * Command line: {@code --out DIR --records N [--bytes N[k|m|g]] [--seed N] [--max-records N]}.
   */
  public static void main(String[] args) throws IOException {
    Path out = null;
    long minRecords = 1_000_000;
    long minBytes = 0;
    long seed = 1;
    int max = 20_000;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--records" -> minRecords = Long.parseLong(args[++i]);
        case "--bytes" -> minBytes = Sizes.parse(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--max-records" -> max = Integer.parseInt(args[++i]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    if (out == null) {
      throw new IllegalArgumentException("--out DIR is required");
    }
    long t0 = System.nanoTime();
    Totals t = generate(out, seed, minRecords, minBytes, max);
    System.out.printf(
        Locale.ROOT,
        "generated %,d files (%,d bytes): %,d reports + %,d resent duplicates, %,d records,"
            + " %,d messages in %.1f s%n",
        t.files,
        t.bytes,
        t.reports,
        t.duplicates,
        t.records,
        t.messages,
        (System.nanoTime() - t0) / 1e9);
  }
}
