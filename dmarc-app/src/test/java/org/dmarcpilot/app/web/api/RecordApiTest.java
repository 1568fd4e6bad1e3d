// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecordApiTest {
  @Test
  void csv_quotesWhereNeeded() {
    assertThat(RecordApi.csv("plain")).isEqualTo("plain");
    assertThat(RecordApi.csv("a,b")).isEqualTo("\"a,b\"");
    assertThat(RecordApi.csv("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
    assertThat(RecordApi.csv("two\nlines")).isEqualTo("\"two\nlines\"");
    assertThat(RecordApi.csv(null)).isEmpty();
    assertThat(RecordApi.csv(-5L)).as("numbers are not text").isEqualTo("-5");
  }

  @Test
  void csv_defusesSpreadsheetFormulas() {
    assertThat(RecordApi.csv("=cmd()")).isEqualTo("'=cmd()");
    assertThat(RecordApi.csv("+1")).isEqualTo("'+1");
    assertThat(RecordApi.csv("@x")).isEqualTo("'@x");
    assertThat(RecordApi.csv("-x,y")).isEqualTo("\"'-x,y\"");
  }
}
