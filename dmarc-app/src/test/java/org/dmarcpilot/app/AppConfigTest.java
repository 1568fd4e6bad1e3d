// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.dmarcpilot.app.store.StoreEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {
  @TempDir Path dir;

  @Test
  void storeConfig_nothingSet_duckDbFileInDataDir() {
    AppConfig c = AppConfig.load(Map.of("data.dir", dir.toString()), Map.of());
    assertThat(c.storeConfig().engine()).isEqualTo(StoreEngine.DUCKDB);
    assertThat(c.storeConfig().jdbcUrl())
        .isEqualTo("jdbc:duckdb:" + dir.resolve("dmarcpilot.duckdb"));
  }

  @Test
  void get_flagBeatsEnvironmentBeatsFile() throws Exception {
    Files.writeString(
        dir.resolve("config.properties"),
        "db.url=jdbc:postgresql://file/db\ndb.user=fileuser\ndb.password=filepw\nimap.host=imap.file\n");
    Map<String, String> env =
        Map.of("DMARCPILOT_DB_USER", "envuser", "DMARCPILOT_IMAP_HOST", "imap.env");
    Map<String, String> flags = new HashMap<>();
    flags.put("data.dir", dir.toString());
    flags.put("imap.host", "imap.flag");
    AppConfig c = AppConfig.load(flags, env);

    assertThat(c.get("imap.host")).contains("imap.flag");
    assertThat(c.storeConfig().user()).isEqualTo("envuser");
    assertThat(c.storeConfig().password()).isEqualTo("filepw");
    assertThat(c.storeConfig().jdbcUrl()).isEqualTo("jdbc:postgresql://file/db");
  }

  @Test
  void load_dataDirFromEnvironment() {
    AppConfig c = AppConfig.load(Map.of(), Map.of("DMARCPILOT_DATA_DIR", dir.toString()));
    assertThat(c.dataDir()).isEqualTo(dir.toAbsolutePath());
  }

  @Test
  void load_namedConfigFileMissing_fails() {
    assertThatThrownBy(
            () ->
                AppConfig.load(
                    Map.of(
                        "data.dir",
                        dir.toString(),
                        "config",
                        dir.resolve("no.properties").toString()),
                    Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void envName_dottedKey() {
    assertThat(AppConfig.envName("imap.done-folder")).isEqualTo("DMARCPILOT_IMAP_DONE_FOLDER");
  }
}
