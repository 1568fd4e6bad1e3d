// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.testing.Mutator;
import org.junit.jupiter.api.Test;

/** Random and mutated key records: the parser throws nothing but its declared exception. */
class DkimKeyRecordFuzzTest {
  private static final String RSA =
      "MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDkHlOQoBTzWRiGs5V6NpP3idY6Wk08a5qhdR6wy5bdOKb2jLQiY/"
          + "J16JYi0Qvx/byYzCNb3W91y3FutACDfzwQ/BC/e/8uBsCR+yz1Lxj+PL6lHvqMKrM3rG4hstT5QjvHO9Pzox"
          + "ZyVYLzBfO2EeC3Ip3G+2kryOTIKT+l/K4w3QIDAQAB";
  private static final List<String> SEEDS =
      List.of(
          "v=DKIM1; h=sha256; k=rsa; n=notes; s=email:*; t=y:s; p=" + RSA,
          "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
          "p=",
          "v=DKIM1; g=*; p=MIGJAoGBALppqRbOu5gApf05051Icx6apV0ZC6s1gsLUfs79PYtAgdVuQoXooqOWAUzuWvyyR9"
              + "kyEl78pEYy9WMJXllqRkgZ4/ceLWpcIS+aNLgSWkw8w/I+tmKC33mKmrLA9hklYdtGInTzlV2RIK0tS+jmzK"
              + "kDSdMl7KcSi4A37/AFoI7pAgMBAAE=");

  @Test
  void parse_neverThrowsAnythingElse() {
    Mutator m = new Mutator(6376, SEEDS);
    int parsed = 0;
    for (int i = 0; i < 20_000; i++) {
      String input = m.next();
      try {
        DkimKeyRecord r = DkimKeyRecord.parse(input);
        if (!r.revoked()) {
          assertThat(r.publicKey()).isNotNull();
        }
        parsed++;
      } catch (RecordSyntaxException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      } catch (RuntimeException | StackOverflowError e) {
        fail("DkimKeyRecord.parse threw " + e + " for input: " + input.replace("\n", "\\n"), e);
      }
    }
    assertThat(parsed).isGreaterThan(500);
  }
}
