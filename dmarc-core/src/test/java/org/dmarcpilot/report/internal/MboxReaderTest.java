// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Splitting on "From " lines and undoing the quoting. */
class MboxReaderTest {
  private static final String MBOX =
      "From a@example.net Mon Jan  4 00:00:00 2021\n"
          + "Subject: one\n\nbody one\n>From the start\n>>From deeper\nFrom: is a header, not a"
          + " separator? no: it has no space after From\n"
          + "From b@example.net Tue Jan  5 00:00:00 2021\r\n"
          + "Subject: two\r\n\r\nbody two\r\n"
          + "From c@example.net Wed Jan  6 00:00:00 2021\n";

  private static List<String> split(InputStream in) throws IOException {
    MboxReader mbox = new MboxReader(in, 4096);
    List<String> messages = new ArrayList<>();
    for (InputStream m; (m = mbox.next()) != null; ) {
      messages.add(new String(m.readAllBytes(), StandardCharsets.UTF_8));
    }
    return messages;
  }

  @Test
  void next_splitsAndUnquotes() throws IOException {
    assertThat(split(new ByteArrayInputStream(MBOX.getBytes(StandardCharsets.UTF_8))))
        .containsExactly(
            "Subject: one\n\nbody one\nFrom the start\n>From deeper\nFrom: is a header, not a"
                + " separator? no: it has no space after From\n",
            "Subject: two\r\n\r\nbody two\r\n",
            "");
  }

  @Test
  void next_oneByteAtATime_sameMessages() throws IOException {
    InputStream trickle =
        new FilterInputStream(new ByteArrayInputStream(MBOX.getBytes(StandardCharsets.UTF_8))) {
          @Override
          public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 1));
          }
        };

    assertThat(split(trickle))
        .isEqualTo(split(new ByteArrayInputStream(MBOX.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void next_unreadMessageSkipped() throws IOException {
    MboxReader mbox =
        new MboxReader(new ByteArrayInputStream(MBOX.getBytes(StandardCharsets.UTF_8)), 4096);

    mbox.next(); // not read
    InputStream second = mbox.next();

    assertThat(new String(second.readAllBytes(), StandardCharsets.UTF_8))
        .startsWith("Subject: two");
  }

  @Test
  void next_longLines_neverMistakenForSeparators() throws IOException {
    String longLine = "x".repeat(100_000) + "From not a separator\n";
    String mbox = "From a\n" + longLine + "From b\nsecond\n";

    assertThat(split(new ByteArrayInputStream(mbox.getBytes(StandardCharsets.UTF_8))))
        .containsExactly(longLine, "second\n");
  }
}
