// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dmarcpilot.app.web.live.TagDiff.Change;
import org.dmarcpilot.app.web.live.TagDiff.Row;
import org.junit.jupiter.api.Test;

class TagDiffTest {
  @Test
  void of_publishedAgainstNext_tagByTagInTheNextRecordsOrder() {
    List<Row> rows =
        TagDiff.of(
            "v=DMARC1; p=none; pct=50; rua=mailto:a@example.com",
            "v=DMARC1; p=quarantine; t=y; np=reject; rua=mailto:a@example.com");
    assertThat(rows)
        .containsExactly(
            new Row("v", "DMARC1", "DMARC1", Change.SAME),
            new Row("p", "none", "quarantine", Change.CHANGED),
            new Row("t", null, "y", Change.ADDED),
            new Row("np", null, "reject", Change.ADDED),
            new Row("rua", "mailto:a@example.com", "mailto:a@example.com", Change.SAME),
            new Row("pct", "50", null, Change.REMOVED));
    assertThat(TagDiff.differs(rows)).isTrue();
  }

  @Test
  void of_nothingPublished_everyTagAdded() {
    List<Row> rows = TagDiff.of(null, "v=DMARC1; p=none");
    assertThat(rows).extracting(Row::change).containsOnly(Change.ADDED);
    assertThat(rows).hasSize(2);
  }

  @Test
  void of_caseAndSpacesOfNames_firstOccurrenceCounts() {
    List<Row> rows = TagDiff.of(" V=DMARC1 ;P = reject; p=none;;junk", "v=DMARC1; p=reject");
    assertThat(rows)
        .containsExactly(
            new Row("v", "DMARC1", "DMARC1", Change.SAME),
            new Row("p", "reject", "reject", Change.SAME));
    assertThat(TagDiff.differs(rows)).isFalse();
  }

  @Test
  void of_hugeRecord_readsAtMostMaxTags() {
    StringBuilder b = new StringBuilder("v=DMARC1");
    for (int i = 0; i < 10_000; i++) {
      b.append("; x").append(i).append("=1");
    }
    List<Row> rows = TagDiff.of(b.toString(), null);
    assertThat(rows).hasSize(TagDiff.MAX_TAGS);
  }
}
