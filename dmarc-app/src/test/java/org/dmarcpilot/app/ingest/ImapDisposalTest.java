// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which way a committed message leaves the folder, by the server's capabilities. */
class ImapDisposalTest {

  @Test
  void move_whenTheServerHasMove_withOrWithoutUidplus() {
    assertThat(ImapDisposal.of(true, true)).isEqualTo(ImapDisposal.MOVE);
    assertThat(ImapDisposal.of(true, false)).isEqualTo(ImapDisposal.MOVE);
  }

  @Test
  void copyThenExpungeOfThatUidAlone_withoutMove_withUidplus() {
    assertThat(ImapDisposal.of(false, true)).isEqualTo(ImapDisposal.COPY_THEN_EXPUNGE_UID);
  }

  /** Without UIDPLUS the only EXPUNGE would purge the user's own deleted messages too. */
  @Test
  void copyAndKeepInPlace_withoutMoveAndWithoutUidplus() {
    assertThat(ImapDisposal.of(false, false)).isEqualTo(ImapDisposal.COPY_AND_KEEP);
  }
}
