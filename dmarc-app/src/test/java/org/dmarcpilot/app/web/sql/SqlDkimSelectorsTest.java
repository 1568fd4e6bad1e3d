// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import static org.assertj.core.api.Assertions.assertThat;

import org.dmarcpilot.app.web.testing.TestStore;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SqlDkimSelectorsContract} on embedded DuckDB. */
class SqlDkimSelectorsTest extends SqlDkimSelectorsContract {
  @Override
  TestStore open(String name) throws Exception {
    return TestStore.duckdb();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "google, true",
    "s1.2024-01, true",
    "k_1, true",
    "'', false",
    "a..b, false",
    ".a, false",
    "a., false",
    "'sel ector', false",
    "<script>, false",
    "../x, false",
    "UPPER, false",
  })
  void isSelector(String s, boolean expected) {
    assertThat(SqlDkimSelectors.isSelector(s)).isEqualTo(expected);
  }
}
