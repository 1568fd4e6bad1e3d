// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.dmarcpilot.report.internal.Sniffer.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Content decides, never the name. */
class SnifferTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'',                                   EMPTY",
    "'20200a0d09',                          BLANK",
    "'1f8b0800',                            GZIP",
    "'504b0304',                            ZIP",
    "'504b0506',                            EMPTY_ZIP",
    "'efbbbf3c3f786d6c',                    XML",
    "'fffe3c00',                            XML",
    "'feff003c',                            XML",
    "'3c00',                                XML",
    "'003c',                                XML",
    "'0a20093c666565646261636b3e',          XML",
    "'7b2022',                              JSON",
    "'5b0a207b7d5d',                        JSON",
    "'7b009cfe3a12',                        UNKNOWN",
    "'5b8e0b',                              UNKNOWN",
    "'46726f6d20612d4d6f6e',                MBOX",
    "'52657475726e2d506174683a203c3e',      MESSAGE",
    "'582d4d533a2078',                      MESSAGE",
    "'7468697320697320612066696c65',        UNKNOWN",
    "'46726f6d3a20',                        MESSAGE",
    "'3a6e6f206e616d65',                    UNKNOWN",
    "'4e6f7465207769746820737061636573',    UNKNOWN",
  })
  void sniff(String hex, Kind expected) {
    assertThat(Sniffer.sniff(HexFormat.of().parseHex(hex))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'<?xml version=\"1.0\"?><feedback>', true",
    "'  <feedback>',                      true",
    "'<!-- report -->',                   true",
    "'<ns1:feedback xmlns:ns1=\"x\">',    true",
    "'<html><body>',                      false",
    "'<p>Hello</p>',                      false",
  })
  void looksLikeReportXml(String text, boolean expected) {
    assertThat(Sniffer.looksLikeReportXml(text.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "'74686973',                                                   '\"this\"'",
    "'0d0a00ff',                                                   '\"\\r\\n\\x00\\xff\"'",
    "'61616161616161616161616161616161616161616161616161616161616161616161616161616161616161', "
        + "'\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...\"'",
  })
  void preview(String hex, String expected) {
    assertThat(Sniffer.preview(HexFormat.of().parseHex(hex))).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "'425a6839314159265359',          a bzip2 file",
    "'fd377a585a0000',                an xz file",
    "'28b52ffd',                      a zstd file",
    "'377abcaf271c',                  a 7-Zip archive",
    "'526172211a0700',                a RAR archive",
    "'255044462d312e37',              a PDF document",
  })
  void unsupported_namesTheFormat(String hex, String expected) {
    assertThat(Sniffer.unsupported(HexFormat.of().parseHex(hex))).isEqualTo(expected);
  }

  @org.junit.jupiter.api.Test
  void unsupported_tarByItsUstarMagic() {
    byte[] tar = new byte[512];
    System.arraycopy("r.xml".getBytes(StandardCharsets.US_ASCII), 0, tar, 0, 5);
    System.arraycopy("ustar".getBytes(StandardCharsets.US_ASCII), 0, tar, 257, 5);

    assertThat(Sniffer.unsupported(tar)).isEqualTo("a tar archive");
    assertThat(Sniffer.unsupported("r.xml".getBytes(StandardCharsets.US_ASCII))).isNull();
  }
}
