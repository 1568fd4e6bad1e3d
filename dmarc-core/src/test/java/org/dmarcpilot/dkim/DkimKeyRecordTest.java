// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dkim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.dmarcpilot.dns.RecordIssue;
import org.dmarcpilot.dns.RecordSyntaxException;
import org.dmarcpilot.testing.Corpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DkimKeyRecordTest {

  static String rsaKey(int bits) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(bits);
    return Base64.getEncoder().encodeToString(g.generateKeyPair().getPublic().getEncoded());
  }

  @ParameterizedTest
  @ValueSource(ints = {512, 1024, 2048})
  void parse_rsaKeySize(int bits) throws Exception {
    DkimKeyRecord r = DkimKeyRecord.parse("v=DKIM1; k=rsa; p=" + rsaKey(bits));
    assertThat(r.keyBits()).isEqualTo(bits);
    assertThat(r.keyType()).isEqualTo(DkimKeyType.RSA);
    assertThat(((RSAPublicKey) r.publicKey()).getModulus().bitLength()).isEqualTo(bits);
  }

  @Test
  void parse_keySplitByWhitespaceAndDefaults() throws Exception {
    String key = rsaKey(1024);
    DkimKeyRecord r =
        DkimKeyRecord.parse("p=" + key.substring(0, 40) + " \t" + key.substring(40) + " ;");
    assertThat(r.publicKeyData()).isEqualTo(key);
    assertThat(r.serviceTypes()).containsExactly("*");
    assertThat(r.hashAlgorithms()).isEmpty();
    assertThat(r.forEmail()).isTrue();
    assertThat(r.testing()).isFalse();
  }

  @Test
  void parse_allTags() throws Exception {
    List<RecordIssue> issues = new ArrayList<>();
    DkimKeyRecord r =
        DkimKeyRecord.parse(
            "v=DKIM1; h=sha256:sha512; k=rsa; n=see https://example.com; s=email; t=y:s:z; x=1; p="
                + rsaKey(2048),
            issues);
    assertThat(r.hashAlgorithms()).containsExactly("sha256", "sha512");
    assertThat(r.testing()).isTrue();
    assertThat(r.strictSubdomains()).isTrue();
    assertThat(r.notes()).isEqualTo("see https://example.com");
    assertThat(issues)
        .extracting(RecordIssue::message)
        .containsExactly(
            "unknown hash algorithm \"sha512\"; ignored",
            "unknown flag \"z\"; ignored",
            "unknown tag x; ignored");
  }

  @Test
  void parse_revoked() throws Exception {
    DkimKeyRecord r = DkimKeyRecord.parse("v=DKIM1; p=");
    assertThat(r.revoked()).isTrue();
    assertThat(r.keyBits()).isZero();
    assertThatThrownBy(r::publicKey).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void parse_ed25519() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
    byte[] spki = g.generateKeyPair().getPublic().getEncoded();
    byte[] raw = java.util.Arrays.copyOfRange(spki, spki.length - 32, spki.length);
    DkimKeyRecord r =
        DkimKeyRecord.parse("v=DKIM1; k=ed25519; p=" + Base64.getEncoder().encodeToString(raw));
    assertThat(r.keyBits()).isEqualTo(256);
    PublicKey k = r.publicKey();
    assertThat(k.getEncoded()).isEqualTo(spki);
  }

  @Test
  void parse_pkcs1RsaKey() throws Exception {
    Path f = Corpus.require("dkim-dkimpy-vectors/1024_testkey_wo_markers.pub.rsa.txt");
    DkimKeyRecord r = DkimKeyRecord.parse(Files.readString(f, StandardCharsets.US_ASCII).strip());
    assertThat(r.keyBits()).isEqualTo(1024);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "1024_testkey_wo_markers.pub.txt, RSA, 1024",
    "2048_testkey_PKCS8.key.pub.txt, RSA, 2048",
    "2048_testkey_wo_markers.pub.txt, RSA, 2048",
    "ed25519test.dns, ED25519, 256",
    "eximtest.dns, ED25519, 256",
    "test.txt, RSA, 1024",
    "test2.txt, RSA, 1024",
  })
  void parse_dkimpyVectors(String file, DkimKeyType type, int bits) throws Exception {
    Path f = Corpus.require("dkim-dkimpy-vectors/" + file);
    DkimKeyRecord r = DkimKeyRecord.parse(Files.readString(f, StandardCharsets.US_ASCII).strip());
    assertThat(r.keyType()).isEqualTo(type);
    assertThat(r.keyBits()).isEqualTo(bits);
  }

  @Test
  void parse_dkimpyTlsrptServiceType_notForEmail() throws Exception {
    Path f = Corpus.require("dkim-dkimpy-vectors/test_tlsrpt.txt");
    List<RecordIssue> issues = new ArrayList<>();
    DkimKeyRecord r =
        DkimKeyRecord.parse(Files.readString(f, StandardCharsets.US_ASCII).strip(), issues);
    assertThat(r.forEmail()).isFalse();
    assertThat(issues).extracting(RecordIssue::message).anyMatch(m -> m.contains("not for e-mail"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "badk.txt, unknown key type k=ed25519-sha256",
    "badversion.txt, unknown version",
    "test_bad.txt, not a valid rsa key",
  })
  void parse_dkimpyBadVectors(String file, String problem) {
    Path f = Corpus.require("dkim-dkimpy-vectors/" + file);
    assertThatThrownBy(
            () -> DkimKeyRecord.parse(Files.readString(f, StandardCharsets.US_ASCII).strip()))
        .isInstanceOf(RecordSyntaxException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void parse_rfc8463AppendixA() throws Exception {
    Path f = Corpus.require("dkim-dkimpy-vectors/rfc8463-appendix-a/dns-zone.txt");
    var dns = org.dmarcpilot.dns.InMemoryDnsResolver.parse(Files.readString(f));
    DkimKeyRecord ed =
        DkimKeyRecord.parse(
            dns.txt("brisbane._domainkey.football.example.com").values().get(0).text());
    DkimKeyRecord rsa =
        DkimKeyRecord.parse(dns.txt("test._domainkey.football.example.com").values().get(0).text());
    assertThat(ed.keyType()).isEqualTo(DkimKeyType.ED25519);
    assertThat(rsa.keyBits()).isEqualTo(1024);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "| empty key record",
        "v=DKIM1| the p= tag (the public key) is missing",
        "k=rsa; v=DKIM1; p=| v must be the first tag",
        "v=DKIM2; p=| unknown version",
        "v=DKIM1; p=; p=| duplicate tag p",
        "v=DKIM1; k=dsa; p=| unknown key type k=dsa",
        "v=DKIM1; p=!!!!| not valid base64",
        "v=DKIM1; p=AAAA| not a valid rsa key",
        "v=DKIM1; k=ed25519; p=AAAA| not a valid ed25519 key",
        "v=DKIM1; p| is not of the form tag=value",
        "v=DKIM1;; p=| empty tag-spec",
      })
  void parse_invalid(String text, String problem) {
    String t = text == null ? "" : text;
    assertThatThrownBy(() -> DkimKeyRecord.parse(t))
        .isInstanceOf(RecordSyntaxException.class)
        .hasMessageContaining(problem);
  }
}
