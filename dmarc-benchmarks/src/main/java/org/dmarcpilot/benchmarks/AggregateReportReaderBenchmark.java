// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.benchmarks;

import com.ctc.wstx.stax.WstxInputFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportParseException;
import org.dmarcpilot.report.ReportSource;
import org.dmarcpilot.report.aggregate.AggregateReportReader;
import org.dmarcpilot.report.aggregate.RecordSink;
import org.dmarcpilot.report.aggregate.ReportHeader;
import org.dmarcpilot.report.aggregate.ReportReader;
import org.dmarcpilot.report.aggregate.ReportRecord;
import org.dmarcpilot.report.aggregate.ReportStreamHandler;
import org.dmarcpilot.report.aggregate.ReportTrailer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The aggregate report reader against its limit: a bare Woodstox event loop over the same bytes.
 * The fixture is a generated report ({@link GeneratedReports}), 50 MB by default; MB/s = size ×
 * ops/s. The goal is {@code reader} at 70 % or more of {@code bareWoodstox}.
 *
 * <p>Run:
 *
 * <pre>{@code
 * java -jar dmarc-benchmarks/target/benchmarks.jar AggregateReportReaderBenchmark -f 1 -wi 3 -i 5
 * }</pre>
 *
 * <ul>
 *   <li>{@code bareWoodstox}: {@code next()} to the end, default Woodstox factory, nothing read;
 *   <li>{@code bareWoodstoxText}: the same, also looking at the characters of each text event;
 *   <li>{@code reader}: {@link AggregateReportReader#stream}, every record built (the streaming
 *       path, as for any report over 4 MiB);
 *   <li>{@code readerWithExtraction}: {@link ReportReader#stream}, that plus sniffing, the bounded
 *       streams, the failure copy and the SHA-256 of the XML.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class AggregateReportReaderBenchmark {

  /** Size of the generated report in megabytes (10^6 bytes). */
  @Param({"50"})
  public int megabytes;

  private byte[] xml;
  private XMLInputFactory bare;
  private AggregateReportReader reader;
  private ReportReader extractingReader;

  /** Generates the fixture and builds the readers. */
  @Setup
  public void setUp() {
    xml = GeneratedReports.ofSize(megabytes * 1_000_000L, 42);
    bare = new WstxInputFactory();
    reader = new AggregateReportReader(ReportLimits.DEFAULTS);
    extractingReader = new ReportReader(ReportLimits.DEFAULTS);
  }

  /** The limit: Woodstox's own event loop over the bytes. */
  @Benchmark
  public int bareWoodstox(Blackhole bh) throws XMLStreamException {
    XMLStreamReader r = bare.createXMLStreamReader(new ByteArrayInputStream(xml));
    int events = 0;
    while (r.hasNext()) {
      bh.consume(r.next());
      events++;
    }
    r.close();
    return events;
  }

  /**
   * For context: the same loop, also touching the characters of every text event, which any reader
   * must look at (with lazy parsing, {@link #bareWoodstox} never even decodes them).
   */
  @Benchmark
  public long bareWoodstoxText(Blackhole bh) throws XMLStreamException {
    XMLStreamReader r = bare.createXMLStreamReader(new ByteArrayInputStream(xml));
    long chars = 0;
    while (r.hasNext()) {
      int ev = r.next();
      if (ev == XMLStreamConstants.CHARACTERS) {
        chars += r.getTextLength();
        bh.consume(r.getTextCharacters());
      }
    }
    r.close();
    return chars;
  }

  /** The reader: every record parsed into the model and handed to a sink. */
  @Benchmark
  public long reader(Blackhole bh) throws ReportParseException, IOException {
    ReportTrailer t =
        reader.stream(
            new ByteArrayInputStream(xml),
            "benchmark.xml",
            new RecordSink() {
              @Override
              public void header(ReportHeader header) {
                bh.consume(header);
              }

              @Override
              public void record(ReportRecord record) {
                bh.consume(record);
              }
            });
    return t.messageCount();
  }

  /** The whole pipeline of an input: extraction, digest, reader. */
  @Benchmark
  public void readerWithExtraction(Blackhole bh) throws IOException {
    extractingReader.stream(
        new ByteArrayInputStream(xml),
        "benchmark.xml",
        new ReportStreamHandler() {
          @Override
          public void begin(ReportSource source, ReportHeader header) {
            bh.consume(header);
          }

          @Override
          public void record(ReportRecord record) {
            bh.consume(record);
          }

          @Override
          public void end(ReportSource source, String sha256, ReportTrailer trailer) {
            bh.consume(sha256);
          }

          @Override
          public void abort(ReportSource source) {
            throw new IllegalStateException("aborted");
          }

          @Override
          public void failure(PayloadFailure failure) {
            throw new IllegalStateException(failure.error());
          }
        });
  }
}
