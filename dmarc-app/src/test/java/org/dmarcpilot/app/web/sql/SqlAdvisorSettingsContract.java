// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.dmarcpilot.app.analysis.AdvisorThresholds;
import org.dmarcpilot.app.web.testing.TestStore;
import org.junit.jupiter.api.Test;

/**
 * The advisor's thresholds in the store's {@code web_setting} table (the real migrations); run on
 * each engine by a subclass.
 */
abstract class SqlAdvisorSettingsContract {
  /** A fresh store of the engine under test, named after {@code name}. */
  abstract TestStore open(String name) throws Exception;

  @Test
  void update_isReadBackByANewInstance_defaultsWithoutRows() throws Exception {
    try (TestStore store = open("advisor_settings")) {
      AdvisorThresholds defaults = AdvisorThresholds.DEFAULTS;
      SqlAdvisorSettings s = new SqlAdvisorSettings(store.reader(), defaults);
      assertThat(s.current()).isEqualTo(defaults);
      AdvisorThresholds changed = new AdvisorThresholds(0.9, Duration.ofDays(30), 2, 0.05);
      s.update(changed);
      assertThat(s.current()).isEqualTo(changed);
      assertThat(new SqlAdvisorSettings(store.reader(), defaults).current()).isEqualTo(changed);
      s.update(defaults);
      assertThat(new SqlAdvisorSettings(store.reader(), changed).current()).isEqualTo(defaults);
    }
  }
}
