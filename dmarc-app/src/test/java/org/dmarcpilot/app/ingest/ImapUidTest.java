// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.eclipse.angus.mail.iap.ProtocolException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reading the server's answer to the listing ({@code * SEARCH} followed by UIDs). */
class ImapUidTest {

  @ParameterizedTest(name = "''{0}'' -> {1}")
  @CsvSource({
    "'',                           ''",
    "'1',                          '1'",
    "'1 2 3',                      '1 2 3'",
    "'7 3 7 1 3',                  '1 3 7'",
    "'  5   4 ',                   '4 5'",
    "'4294967295 1',               '1 4294967295'",
  })
  void uids_ascendingEachOnce(String answer, String expected) throws Exception {
    long[] want =
        expected.isEmpty()
            ? new long[0]
            : java.util.Arrays.stream(expected.split(" ")).mapToLong(Long::parseLong).toArray();
    assertThat(ImapUid.uids(answer)).containsExactly(want);
  }

  /** A word that is no UID fails the listing, named (cut and with control characters shown). */
  @ParameterizedTest(name = "''{0}''")
  @CsvSource(
      delimiter = '|',
      value = {
        "1 0 2                                  | \"0\"",
        "4294967296                             | \"4294967296\"",
        "99999999999999999999999                | \"99999999999999999999999\"",
        "1 2 x                                  | \"x\"",
        "-3                                     | \"-3\"",
        "3 (MODSEQ 917162500)                   | \"(MODSEQ\"",
        "12345678901234567890123456789012345678 | \"123456789012345678901234...\"",
        "7\u001b[2J                             | \"7?[2J\"",
      })
  void uids_notAUid_refusedNamingIt(String answer, String named) {
    assertThatThrownBy(() -> ImapUid.uids(answer.strip()))
        .isInstanceOf(ProtocolException.class)
        .hasMessage("the server's UID SEARCH answer holds " + named + ", not a UID");
  }
}
