// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.report.PayloadFailure;
import org.dmarcpilot.report.ReportLimits;
import org.dmarcpilot.report.ReportSource;
import org.junit.jupiter.api.Test;

/**
 * Reading is streaming: a generated report of more than 500 MB with 2 million records is read in a
 * child JVM limited to {@code -Xmx256m}. Holding the records would take gigabytes; the streaming
 * handler gets them one by one. The report is generated on the fly, never written to disk.
 */
class StreamingIT {
  static final int RECORDS = 2_000_000;

  @Test
  void fiveHundredMegabyteReport_readWithSmallHeap() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd =
        List.of(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-cp",
            System.getProperty("java.class.path"),
            Child.class.getName(),
            Integer.toString(RECORDS));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(4, TimeUnit.MINUTES)).isTrue();

    assertThat(p.exitValue()).as(output).isZero();
    long expectedMessages = 0;
    for (int i = 0; i < RECORDS; i++) {
      expectedMessages += i % 100 + 1;
    }
    assertThat(output.trim())
        .as(output)
        .matches(
            "records=2000000 messages="
                + expectedMessages
                + " bytes=\\d+ failures=0 maxHeapMiB=\\d+");
    long bytes = Long.parseLong(output.replaceAll("(?s).*bytes=(\\d+).*", "$1"));
    assertThat(bytes).isGreaterThan(500_000_000L);
  }

  /** The child: reads the generated report and prints what it saw. */
  public static final class Child {
    private Child() {}

    /** Reads a generated report of {@code args[0]} records. */
    public static void main(String[] args) throws IOException {
      int records = Integer.parseInt(args[0]);
      Generated in = new Generated(records);
      long[] seen = new long[2];
      List<PayloadFailure> failures = new ArrayList<>();
      new ReportReader(ReportLimits.DEFAULTS)
          .stream(
              in,
              "generated.xml",
              new ReportStreamHandler() {
                @Override
                public void begin(ReportSource source, ReportHeader header) {}

                @Override
                public void record(ReportRecord record) {
                  seen[0]++;
                  seen[1] += record.count();
                }

                @Override
                public void end(ReportSource source, String sha256, ReportTrailer trailer) {
                  if (trailer.recordCount() != seen[0] || trailer.messageCount() != seen[1]) {
                    throw new IllegalStateException("trailer does not match the records");
                  }
                }

                @Override
                public void abort(ReportSource source) {}

                @Override
                public void failure(PayloadFailure failure) {
                  failures.add(failure);
                  System.out.println(failure.error().getMessage());
                }
              });
      System.out.println(
          "records="
              + seen[0]
              + " messages="
              + seen[1]
              + " bytes="
              + in.produced
              + " failures="
              + failures.size()
              + " maxHeapMiB="
              + Runtime.getRuntime().maxMemory() / (1 << 20));
    }
  }

  /** An aggregate report of {@code n} records, generated as it is read. */
  static final class Generated extends InputStream {
    private final int records;
    private int next = -1;
    private byte[] chunk = new byte[0];
    private int pos;
    long produced;

    Generated(int records) {
      this.records = records;
    }

    private boolean refill() {
      String s;
      if (next == -1) {
        s =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feedback>\n<version>1.0</version>\n"
                + "<report_metadata><org_name>example.net</org_name>"
                + "<email>postmaster@example.net</email><report_id>streaming-2m</report_id>"
                + "<date_range><begin>1609459200</begin><end>1609545599</end></date_range>"
                + "</report_metadata>\n<policy_published><domain>example.com</domain>"
                + "<adkim>r</adkim><aspf>r</aspf><p>reject</p></policy_published>\n";
      } else if (next < records) {
        int i = next;
        s =
            "<record><row><source_ip>10."
                + (i >> 16 & 0xff)
                + "."
                + (i >> 8 & 0xff)
                + "."
                + (i & 0xff)
                + "</source_ip><count>"
                + (i % 100 + 1)
                + "</count><policy_evaluated><disposition>none</disposition><dkim>pass</dkim>"
                + "<spf>fail</spf></policy_evaluated></row><identifiers><header_from>example.com"
                + "</header_from></identifiers><auth_results><dkim><domain>example.com</domain>"
                + "<selector>s1</selector><result>pass</result></dkim></auth_results></record>\n";
      } else if (next == records) {
        s = "</feedback>\n";
      } else {
        return false;
      }
      next++;
      chunk = s.getBytes(StandardCharsets.US_ASCII);
      pos = 0;
      return true;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (len == 0) {
        return 0;
      }
      int n = 0;
      while (n < len) {
        if (pos == chunk.length && !refill()) {
          break;
        }
        int k = Math.min(len - n, chunk.length - pos);
        System.arraycopy(chunk, pos, b, off + n, k);
        pos += k;
        n += k;
      }
      produced += n;
      return n == 0 ? -1 : n;
    }
  }
}
