// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The reference the end-to-end benchmark is measured against: the least work that reads the same
 * files: JDK inflation of each payload (zip, gzip, base64 in a message) and a StAX pass that counts
 * the {@code <record>} start tags; it keeps nothing, checks nothing and writes nothing. StAX is the
 * implementation on the class path (Woodstox, as the reader uses) unless {@code --stax jdk} asks
 * for the JDK's own, which is several times slower.
 *
 * <pre>{@code
 * java -cp dmarc-benchmarks/target/benchmarks.jar org.dmarcpilot.benchmarks.BarePass \
 *     /tmp/corpus [--threads N] [--stax jdk|woodstox] [--rounds N]
 * }</pre>
 */
public final class BarePass {
  private final XMLInputFactory factory;

  BarePass(boolean jdkStax) {
    factory = jdkStax ? XMLInputFactory.newDefaultFactory() : XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
  }

  /** Result of a pass. */
  public record Result(long files, long records, double seconds) {
    /** Records per second. */
    public double recordsPerSecond() {
      return records / seconds;
    }
  }

  /** Counts the records of every file under {@code root} with {@code threads} threads. */
  public Result run(Path root, int threads) throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.walk(root)) {
      files = s.filter(Files::isRegularFile).filter(BarePass::isReport).sorted().toList();
    }
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    try {
      List<Future<Long>> parts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        parts.add(
            pool.submit(
                () -> {
                  long n = 0;
                  for (int i = next.getAndIncrement();
                      i < files.size();
                      i = next.getAndIncrement()) {
                    n += countFile(files.get(i));
                  }
                  return n;
                }));
      }
      long records = 0;
      for (Future<Long> f : parts) {
        records += f.get();
      }
      return new Result(files.size(), records, (System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdownNow();
    }
  }

  static boolean isReport(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".xml")
        || n.endsWith(".gz")
        || n.endsWith(".zip")
        || n.endsWith(".eml")
        || n.endsWith(".mbox");
  }

  long countFile(Path p) throws IOException, XMLStreamException {
    byte[] data = Files.readAllBytes(p);
    String n = p.getFileName().toString();
    if (n.endsWith(".eml") || n.endsWith(".mbox")) {
      return countMessages(data);
    }
    return countPayload(data);
  }

  /** Finds base64 attachments line by line and counts the payload of each. */
  private long countMessages(byte[] data) throws IOException, XMLStreamException {
    String text = new String(data, StandardCharsets.US_ASCII);
    long n = 0;
    int i = 0;
    while ((i = text.indexOf("Content-Transfer-Encoding: base64", i)) >= 0) {
      int start = text.indexOf("\n\n", i) + 2;
      int end = text.indexOf("\n\n", start);
      if (start < 2 || end < 0) {
        break;
      }
      n += countPayload(Base64.getMimeDecoder().decode(text.substring(start, end)));
      i = end;
    }
    return n;
  }

  private long countPayload(byte[] data) throws IOException, XMLStreamException {
    if (data.length > 2 && data[0] == 0x1f && (data[1] & 0xff) == 0x8b) {
      try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(data), 8192)) {
        return countXml(in);
      }
    }
    if (data.length > 2 && data[0] == 'P' && data[1] == 'K') {
      try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(data))) {
        return z.getNextEntry() == null ? 0 : countXml(z);
      }
    }
    return countXml(new ByteArrayInputStream(data));
  }

  private long countXml(InputStream in) throws XMLStreamException {
    XMLStreamReader r = factory.createXMLStreamReader(in);
    long n = 0;
    try {
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT && r.getLocalName().equals("record")) {
          n++;
        }
      }
    } finally {
      r.close();
    }
    return n;
  }

  /** Command line. */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    int threads = Runtime.getRuntime().availableProcessors();
    boolean jdk = false;
    int rounds = 3;
    for (int i = 1; i < args.length; i++) {
      switch (args[i]) {
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--stax" -> jdk = args[++i].equals("jdk");
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    BarePass pass = new BarePass(jdk);
    for (int round = 1; round <= rounds; round++) {
      long cpu0 = StoreWriteBenchmark.processCpuNanos();
      Result r = pass.run(root, threads);
      double cpu = (StoreWriteBenchmark.processCpuNanos() - cpu0) / 1e9;
      System.out.printf(
          Locale.ROOT,
          "bare pass round %d (%s StAX, %d threads): %,d files, %,d records in %.2f s = %,.0f"
              + " records/s; process CPU %.2f s (%.2f us per record)%n",
          round,
          jdk ? "JDK" : "Woodstox",
          threads,
          r.files,
          r.records,
          r.seconds,
          r.recordsPerSecond(),
          cpu,
          cpu * 1e6 / r.records);
    }
  }
}
