// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReportOriginalTest {
  private static byte[] xml(int records) {
    StringBuilder sb = new StringBuilder("<?xml version=\"1.0\"?><feedback>");
    for (int i = 0; i < records; i++) {
      sb.append("<record><row><source_ip>192.0.2.")
          .append(i % 250)
          .append("</source_ip><count>")
          .append(i)
          .append("</count></row></record>");
    }
    return sb.append("</feedback>").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static ReportOriginal plain(byte[] b) {
    return new ReportOriginal("r.xml", "application/xml", b.length, b);
  }

  @Test
  void compacted_plainXml_heldGzippedAndGivenBackExactly() {
    byte[] x = xml(200);

    ReportOriginal c = plain(x).compacted();

    assertThat(c.gzipped()).isTrue();
    assertThat(c.bytes()).hasSizeLessThan(x.length / 4);
    assertThat(c.size()).isEqualTo(x.length);
    assertThat(c.content()).isEqualTo(x);
    assertThat(c.expanded().gzipped()).isFalse();
    assertThat(c.expanded().bytes()).isEqualTo(x);
  }

  @Test
  void compacted_zipGzipSmallOrIncompressible_heldAsTheyAre() {
    byte[] x = xml(50);
    byte[] random = new byte[4096];
    new Random(7).nextBytes(random);
    ReportOriginal zip = new ReportOriginal("r.zip", "application/zip", x.length, x);
    ReportOriginal gz = new ReportOriginal("r.xml.gz", "application/gzip", x.length, x);
    ReportOriginal small = plain(Arrays.copyOf(x, OriginalCodec.MIN_SIZE - 1));
    ReportOriginal noise = plain(random);
    ReportOriginal notKept = new ReportOriginal("r.xml", "application/xml", 99_999_999L, null);

    for (ReportOriginal o : new ReportOriginal[] {zip, gz, small, noise, notKept}) {
      assertThat(o.compacted()).as(o.toString()).isSameAs(o);
    }
    assertThat(noise.content()).isSameAs(random);
    assertThat(notKept.content()).isNull();
  }

  @Test
  void content_damagedHeldBytes_clearErrorNamingTheFile() {
    byte[] x = xml(100);
    byte[] held = plain(x).compacted().bytes();

    byte[] truncated = Arrays.copyOf(held, held.length - 20);
    byte[] trailing = Arrays.copyOf(held, held.length + 3);
    byte[] badCrc = held.clone();
    badCrc[badCrc.length - 6] ^= 1;
    byte[] notGzip = x.clone();
    byte[] flipped = held.clone();
    flipped[held.length / 2] ^= 0x55;

    assertDamaged(truncated, x.length, "does not unpack");
    assertDamaged(trailing, x.length, "trailer");
    assertDamaged(badCrc, x.length, "checksum");
    assertDamaged(notGzip, x.length, "not gzip data");
    assertDamaged(held, x.length + 1, "recorded size");
    assertDamaged(held, x.length - 1, "damaged");
    assertThatThrownBy(() -> held(flipped, x.length).content())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("r.xml");
  }

  private static ReportOriginal held(byte[] b, long size) {
    return ReportOriginal.fromRow("r.xml", "application/xml", size, b, "gzip");
  }

  private static void assertDamaged(byte[] b, long size, String problem) {
    assertThatThrownBy(() -> held(b, size).content())
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("the stored original r.xml is damaged")
        .hasMessageContaining(problem);
  }

  @Test
  void fromRow_unknownForm_refusedByName() {
    assertThatThrownBy(
            () -> ReportOriginal.fromRow("r.xml", "application/xml", 3, new byte[3], "zstd"))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("held as 'zstd'");
    assertThat(ReportOriginal.fromRow("r.xml", "application/xml", 3, new byte[3], null).gzipped())
        .isFalse();
    assertThat(ReportOriginal.fromRow("r.xml", "application/xml", 3, null, "gzip").kept())
        .isFalse();
  }
}
