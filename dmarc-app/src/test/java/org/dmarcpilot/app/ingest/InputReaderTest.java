// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dmarcpilot.testing.ReportFixtures.gzip;
import static org.dmarcpilot.testing.ReportFixtures.report;
import static org.dmarcpilot.testing.ReportFixtures.utf8;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.SourceKind;
import org.junit.jupiter.api.Test;

/**
 * How one input is read: small inputs in memory, large ones as a stream, so that a parser thread
 * holds a bounded number of bytes whatever the input's size. Two 250 MB files read at once ran a
 * 512 MiB heap out of memory and stopped the whole ingest.
 */
class InputReaderTest {
  private static final CoreReportParser PARSER =
      CoreReportParser.of(IngestOptions.defaults().withParserThreads(1));

  /** {@code size} bytes of {@code fill}, made as they are read, with a right size hint. */
  private static InputUnit generated(String name, long size, byte fill) {
    return new InputUnit(name, new Provenance(SourceKind.FILE, name, null, null, null)) {
      @Override
      public InputStream open() {
        return new InputStream() {
          long left = size;

          @Override
          public int read() {
            return left-- > 0 ? fill & 0xff : -1;
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (left <= 0) {
              return -1;
            }
            int n = (int) Math.min(len, left);
            Arrays.fill(b, off, off + n, fill);
            left -= n;
            return n;
          }
        };
      }

      @Override
      public long sizeHint() {
        return size;
      }
    };
  }

  private static InputUnit bytes(String name, byte[] data) {
    return new InputUnit(name, new Provenance(SourceKind.FILE, name, null, null, null)) {
      @Override
      public InputStream open() {
        return new ByteArrayInputStream(data);
      }
    };
  }

  private static String sha256(byte[] data) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
  }

  @Test
  void read_largeInput_streamedWithinABoundedAllocation() {
    long size = 160L << 20; // in memory, it would take 160 MiB
    InputReader reader = new InputReader(PARSER, IngestOptions.defaults());
    com.sun.management.ThreadMXBean mx =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    long before = mx.getThreadAllocatedBytes(thread);

    ParsedInput p = reader.read(generated("junk.bin", size, (byte) 'x'));

    long allocated = mx.getThreadAllocatedBytes(thread) - before;
    assertThat(allocated).as("bytes allocated reading 160 MiB").isLessThan(96L << 20);
    assertThat(p.bytes()).isEqualTo(size);
    assertThat(p.failures()).hasSize(1);
    assertThat(p.failures().get(0).reason())
        .startsWith("junk.bin: not a report: neither XML, gzip, zip nor an e-mail message");
    assertThat(p.failures().get(0).original()).hasSize(IngestOptions.DEFAULT_FAILURE_COPY_BYTES);
  }

  @Test
  void read_streamedAndInMemory_sameReportsAndHash() throws Exception {
    byte[] gz = gzip(utf8(report("STREAM", 50, 1)));
    InputReader inMemory = new InputReader(PARSER, IngestOptions.defaults());
    InputReader streamed = new InputReader(PARSER, IngestOptions.defaults(), 100);

    ParsedInput a = inMemory.read(bytes("r.xml.gz", gz));
    ParsedInput b = streamed.read(bytes("r.xml.gz", gz));

    assertThat(b.failures()).isEmpty();
    assertThat(b.reports()).hasSize(1);
    assertThat(b.records()).isEqualTo(50).isEqualTo(a.records());
    assertThat(b.sha256()).isEqualTo(a.sha256()).isEqualTo(sha256(gz));
    assertThat(b.bytes()).isEqualTo(gz.length);
    assertThat(b.reports().get(0).report()).isEqualTo(a.reports().get(0).report());
    assertThat(b.reports().get(0).original().bytes()).isEqualTo(gz);
  }

  @Test
  void read_streamedInputOverTheBound_rejectedWithoutItsReports() {
    byte[] xml = utf8(report("BIG", 200, 1));
    IngestOptions small = new IngestOptions(1, 20_000, 200, 200_000, xml.length - 1, 1000, 1 << 20);
    InputReader reader = new InputReader(PARSER, small, 100);
    InputUnit unknownSize = bytes("big.xml", xml); // no size hint: found out while parsing

    ParsedInput p = reader.read(unknownSize);

    assertThat(p.reports()).isEmpty();
    assertThat(p.records()).isZero();
    assertThat(p.failures()).hasSize(1);
    assertThat(p.failures().get(0).reason())
        .isEqualTo("big.xml: input larger than " + (xml.length - 1) + " bytes");
    assertThat(p.failures().get(0).original()).hasSize(1000);
    assertThat(p.failures().get(0).originalSize()).isEqualTo(xml.length);
    assertThat(p.bytes()).isEqualTo(xml.length);
  }

  @Test
  void read_endlessInputWithoutSizeHint_stopsAtTheBound() {
    IngestOptions small = new IngestOptions(1, 20_000, 200, 200_000, 1 << 20, 1000, 1 << 20);
    InputReader reader = new InputReader(PARSER, small, 1000);
    InputUnit endless = generated("endless", Long.MAX_VALUE, (byte) '<');
    InputUnit noHint =
        new InputUnit("endless", endless.provenance()) {
          @Override
          public InputStream open() throws java.io.IOException {
            return endless.open();
          }
        };

    ParsedInput p = reader.read(noHint);

    assertThat(p.failures()).hasSize(1);
    assertThat(p.failures().get(0).reason()).isEqualTo("endless: input larger than 1048576 bytes");
    assertThat(p.bytes()).isEqualTo(HashedInput.DRAIN_FACTOR * (1L << 20));
  }

  @Test
  void read_fileThatCannotBeOpened_reasonSaysWhy() {
    // the JDK's message of a refused open is the path alone: the reason read "x.xml: cannot read:
    // x.xml", and grouped in the summary as "cannot read:"
    InputUnit locked =
        new InputUnit("in/x.xml", new Provenance(SourceKind.FILE, "in/x.xml", null, null, null)) {
          @Override
          public InputStream open() throws java.io.IOException {
            throw new java.nio.file.AccessDeniedException("in/x.xml");
          }
        };

    ParsedInput p = new InputReader(PARSER, IngestOptions.defaults()).read(locked);

    assertThat(p.failures()).singleElement();
    assertThat(p.failures().get(0).reason()).isEqualTo("in/x.xml: cannot read: permission denied");
  }

  @Test
  void describe_fileSystemErrors_sayWhatWentWrong() {
    assertThat(InputReader.describe(new java.nio.file.AccessDeniedException("a")))
        .isEqualTo("permission denied");
    assertThat(InputReader.describe(new java.nio.file.NoSuchFileException("a")))
        .isEqualTo("no such file or folder");
    assertThat(InputReader.describe(new java.nio.file.FileSystemException("a", null, "I/O error")))
        .isEqualTo("I/O error");
    assertThat(InputReader.describe(new java.io.IOException("disk on fire")))
        .isEqualTo("disk on fire");
    assertThat(InputReader.describe(new java.nio.file.FileSystemException("a")))
        .isEqualTo("FileSystemException");
  }
}
