// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.concurrent.atomic.AtomicReference;
import org.dmarcpilot.app.ingest.InputUnit;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.SourceKind;
import org.junit.jupiter.api.Test;

/** The input an upload becomes, without a store. */
class IngestUploadsUnitTest {
  /**
   * The reader sizes its buffer by the hint. Without one it grew the buffer by doubling from 8 KiB,
   * and a 60 MB upload held about three times its size at once (with -Xmx256m, one of six uploads
   * sent together ran out of memory although they were taken one at a time).
   */
  @Test
  void unit_hintsTheContentLength_andOpensTheContent() throws Exception {
    byte[] content = new byte[123_457];
    content[0] = 7;
    InputUnit u =
        IngestUploads.unit(
            "a.xml",
            new Provenance(SourceKind.UPLOAD, "a.xml", null, null, null),
            content,
            new AtomicReference<>());
    assertThat(u.sizeHint()).isEqualTo(content.length);
    try (InputStream in = u.open()) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
  }
}
