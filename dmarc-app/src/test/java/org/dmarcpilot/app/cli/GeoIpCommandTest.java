// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.net.InetAddresses;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dmarcpilot.app.enrich.geoip.GeoIp;
import org.dmarcpilot.app.enrich.geoip.MmdbWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GeoIpCommandTest {
  @TempDir Path data;

  private String[] run(String... args) {
    CommandLine cl = Main.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }

  @Test
  void lookup_showsCountryAsnAndAttribution() throws Exception {
    Path dir = Files.createDirectories(data.resolve("geoip"));
    MmdbWriter country = new MmdbWriter("t", "t");
    country.insert(InetAddresses.forString("192.0.2.0"), 24, Map.of("country_code", "SE"));
    MmdbWriter asn = new MmdbWriter("t", "t");
    asn.insert(
        InetAddresses.forString("192.0.2.0"),
        24,
        Map.of("autonomous_system_number", 64500L, "autonomous_system_organization", "Test Net"));
    try (OutputStream o = Files.newOutputStream(dir.resolve(GeoIp.COUNTRY_FILE))) {
      country.write(o);
    }
    try (OutputStream o = Files.newOutputStream(dir.resolve(GeoIp.ASN_FILE))) {
      asn.write(o);
    }
    String[] r = run("geoip", "lookup", "--data-dir", data.toString(), "192.0.2.7", "198.51.100.1");
    assertThat(r[0]).isEqualTo("0");
    assertThat(r[1])
        .contains("192.0.2.7                               SE AS64500 Test Net")
        .contains("198.51.100.1                            -- AS?")
        .contains("DB-IP");
  }

  @Test
  void lookup_withoutDataSaysSoAndRejectsNonAddresses() {
    String[] r = run("geoip", "lookup", "--data-dir", data.toString(), "192.0.2.7", "bogus");
    assertThat(r[0]).isEqualTo("1");
    assertThat(r[2]).contains("no GeoIP data installed").contains("bogus: not an IP address");
    assertThat(r[1]).contains("192.0.2.7").doesNotContain("DB-IP");
  }
}
