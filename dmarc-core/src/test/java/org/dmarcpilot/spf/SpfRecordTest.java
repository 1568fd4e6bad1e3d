// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.spf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SpfRecordTest {

  @Test
  void parse_everyMechanismAndModifier() throws Exception {
    SpfRecord r =
        SpfRecord.parse(
            "v=spf1 +a -mx:mail.example.com/24//64 ~ptr ?ip4:192.0.2.0/24 ip6:2001:db8::/32"
                + " include:_spf.example.net exists:%{i}._ip.%{d} a:example.org/28"
                + " redirect=_spf.example.com exp=explain.%{d} moo.cow-far_out=man:dog/cat -all");
    List<SpfMechanism> m = r.mechanisms();
    assertThat(m)
        .extracting(SpfMechanism::type)
        .containsExactly(
            MechanismType.A,
            MechanismType.MX,
            MechanismType.PTR,
            MechanismType.IP4,
            MechanismType.IP6,
            MechanismType.INCLUDE,
            MechanismType.EXISTS,
            MechanismType.A,
            MechanismType.ALL);
    assertThat(m)
        .extracting(SpfMechanism::qualifier)
        .startsWith(
            SpfQualifier.PASS, SpfQualifier.FAIL, SpfQualifier.SOFTFAIL, SpfQualifier.NEUTRAL);
    assertThat(m.get(1).domainSpec()).isEqualTo("mail.example.com");
    assertThat(m.get(1).ip4Prefix()).isEqualTo(24);
    assertThat(m.get(1).ip6Prefix()).isEqualTo(64);
    assertThat(m.get(3).network()).isEqualTo(InetAddress.getByName("192.0.2.0"));
    assertThat(m.get(4).ip6Prefix()).isEqualTo(32);
    assertThat(m.get(6).hasMacros()).isTrue();
    assertThat(m.get(7).ip4Prefix()).isEqualTo(28);
    assertThat(r.redirect().get().value()).isEqualTo("_spf.example.com");
    assertThat(r.explanation().get().value()).isEqualTo("explain.%{d}");
    assertThat(r.modifiers())
        .extracting(SpfModifier::name)
        .containsExactly("redirect", "exp", "moo.cow-far_out");
    assertThat(r.all().get().qualifier()).isEqualTo(SpfQualifier.FAIL);
    assertThat(m.get(5).index()).isEqualTo(r.text().indexOf("include:"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "v=spf1",
        "v=spf1 ",
        "V=SPF1 -ALL",
        "v=spf1  a   mx  -all ",
        "v=spf1 a//0 -all",
        "v=spf1 a/0",
        "v=spf1 ip4:0.0.0.0/0",
        "v=spf1 ip6:::ffff:1.2.3.4",
        "v=spf1 ip6:::/0",
        "v=spf1 include:%{d}.x",
        "v=spf1 exists:%{ir}.%{l1r+-}._spf.%{d}",
        "v=spf1 a:e-xample.com",
        "v=spf1 a:example.com.",
        "v=spf1 foo=%%%_%-",
        "v=spf1 exp=%{d}",
        "v=spf1 mx:a.b/32//128",
        "v=spf1 default=deny",
        "v=spf1 a:xn--bcher-kva.example"
      })
  void parse_valid(String text) throws Exception {
    assertThat(SpfRecord.parse(text).text()).isEqualTo(text);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "v=spf1 ip4:1.2.3.4~all| whitespace is missing before '~all'",
        "v=spf1 ip4:1.2.3.4 -allx| unknown mechanism",
        "v=spf1 mx-all| is whitespace missing before 'all'",
        "v=spf1 ip4:2001:db8::1| looks like an IPv6 address",
        "v=spf1 ip6:192.0.2.1| is an IPv4 address; use ip4",
        "v=spf1 ip4:1.2.3.256| not a valid ip4 network",
        "v=spf1 ip4:1.2.3.4/33| prefix length /33 is more than 32",
        "v=spf1 ip4:1.2.3.4/032| invalid prefix length",
        "v=spf1 ip4:%{i}| macros are not allowed in ip4",
        "v=spf1 ip6| ip6 must have a network",
        "v=spf1 a/33| prefix length /33",
        "v=spf1 include| include must have a value",
        "v=spf1 include:| include must have a value",
        "v=spf1 exists| exists must have a value",
        "v=spf1 exp=| the exp modifier is missing a value",
        "v=spf1 redirect=| the redirect modifier is missing a value",
        "v=spf1 redirect=a.example redirect=b.example| more than one redirect modifier",
        "v=spf1 exp=a.example exp=b.example| more than one exp modifier",
        "v=spf1 a:museum| does not end in a top-level label",
        "v=spf1 a:1.2.3.4| is not a valid top-level label",
        "v=spf1 a:foo.example.com-| is not a valid top-level label",
        "v=spf1 include:%{x}.example.com| unknown macro letter 'x'",
        "v=spf1 include:%{d0}.example.com| must be 1 to 128",
        "v=spf1 include:%{d.example.com| unterminated macro",
        "v=spf1 include:%a.example.com| invalid macro \"%a\"",
        "v=spf1 include:%{c}.example.com| only allowed in an explanation",
        "v=spf1 foo=%{dx}| invalid macro delimiter 'x'",
        "v=spf1 all:x| all takes no argument",
        "v=spf1 =foo| unknown mechanism",
        "v=spf1 a:| malformed a mechanism",
        "v=spf10 -all| v=spf1 must be followed by a space",
        "v=spf1a -all| v=spf1 must be followed by a space",
        "' v=spf1 -all'| no leading whitespace",
        "v=spf1\t-all| v=spf1 must be followed by a space",
        "spf2.0/pra -all| must start with v=spf1",
      })
  void parse_invalid_namesProblemAndPosition(String text, String problem) {
    assertThatThrownBy(() -> SpfRecord.parse(text))
        .isInstanceOf(RecordSyntaxException.class)
        .hasMessageContaining(problem)
        .hasMessageStartingWith("'" + text + "'")
        .hasMessageContaining("(index ");
  }

  @Test
  void parse_errorIndexPointsAtTheTerm() {
    assertThatThrownBy(() -> SpfRecord.parse("v=spf1 a include:museum -all"))
        .isInstanceOfSatisfying(
            RecordSyntaxException.class, e -> assertThat(e.index()).isEqualTo(17));
  }

  @Test
  void parse_issues() throws Exception {
    List<RecordIssue> issues = new ArrayList<>();
    SpfRecord.parse("v=spf1 ptr -all a ~all redirect=x.example foo=bar", issues);
    assertThat(issues)
        .extracting(RecordIssue::message)
        .anyMatch(s -> s.contains("ptr mechanism should not be used"))
        .anyMatch(s -> s.contains("\"a\" comes after all"))
        .anyMatch(s -> s.contains("more than once"))
        .anyMatch(s -> s.contains("redirect is ignored"))
        .anyMatch(s -> s.contains("unknown modifier foo"));
  }

  @Test
  void isSpf() {
    assertThat(SpfRecord.isSpf("v=spf1")).isTrue();
    assertThat(SpfRecord.isSpf("V=Spf1 -all")).isTrue();
    assertThat(SpfRecord.isSpf("v=spf10")).isFalse();
    assertThat(SpfRecord.isSpf(" v=spf1")).isFalse();
  }
}
