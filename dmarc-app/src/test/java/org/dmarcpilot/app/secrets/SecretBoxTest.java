// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretBoxTest {
  private final SecretBox box = SecretBox.fromBase64(SecretBox.newKey());

  @Test
  void seal_open_roundTrip() throws Exception {
    String secret = "pä$$wörd with spaces \u2603";
    String sealed = box.seal(secret, "imap-password");
    assertThat(sealed).startsWith("v1:" + box.keyId() + ":").doesNotContain("w\u00f6rd");
    assertThat(box.open(sealed, "imap-password")).isEqualTo(secret);
  }

  @Test
  void seal_twice_differentNonces() {
    assertThat(box.seal("same", "p")).isNotEqualTo(box.seal("same", "p"));
  }

  @Test
  void open_wrongKey_namesBothKeys() {
    String sealed = box.seal("secret", "imap-password");
    SecretBox other = SecretBox.fromBase64(SecretBox.newKey());
    assertThatThrownBy(() -> other.open(sealed, "imap-password"))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("sealed under another key (" + box.keyId())
        .hasMessageContaining(other.keyId());
  }

  @Test
  void open_wrongKeyWithTheSameId_failsTheTag() {
    // a forged key id does not help: the tag does not verify under another key
    String sealed = box.seal("secret", "imap-password");
    SecretBox other = SecretBox.fromBase64(SecretBox.newKey());
    String forged = "v1:" + other.keyId() + sealed.substring(sealed.lastIndexOf(':'));
    assertThatThrownBy(() -> other.open(forged, "imap-password"))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("does not open with this key");
  }

  @Test
  void open_tamperedCiphertext_refused() {
    String sealed = box.seal("secret", "imap-password");
    int cut = sealed.lastIndexOf(':') + 1;
    byte[] data = Base64.getUrlDecoder().decode(sealed.substring(cut));
    data[data.length - 20] ^= 1;
    String tampered =
        sealed.substring(0, cut) + Base64.getUrlEncoder().withoutPadding().encodeToString(data);
    assertThatThrownBy(() -> box.open(tampered, "imap-password"))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("does not open with this key");
  }

  @Test
  void open_otherPurpose_refused() {
    String sealed = box.seal("secret", "imap-password");
    assertThatThrownBy(() -> box.open(sealed, "something-else"))
        .isInstanceOf(SecretException.class);
  }

  @Test
  void open_notSealedOrTruncated_refusedWithoutRepeatingTheValue() {
    assertThatThrownBy(() -> box.open("hunter2", "p"))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("not a sealed secret")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> box.open("v1:" + box.keyId() + ":AAAA", "p"))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("too short");
    assertThatThrownBy(() -> box.open("v1:" + box.keyId() + ":!!!", "p"))
        .isInstanceOf(SecretException.class)
        .hasMessageContaining("damaged");
  }

  @Test
  void fromBase64_wrongLengthOrText_refused() {
    assertThatThrownBy(() -> SecretBox.fromBase64("c2hvcnQ="))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
    assertThatThrownBy(() -> SecretBox.fromBase64("not base64 at all"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not base64");
  }

  @Test
  void loadOrCreate_createsAnOwnerOnlyKeyOnceAndReusesIt(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("sub").resolve(SecretBox.KEY_FILE);
    SecretBox first = SecretBox.loadOrCreate(file);
    assertThat(file).exists();
    if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
    String sealed = first.seal("secret", "p");
    SecretBox second = SecretBox.loadOrCreate(file);
    assertThat(second.keyId()).isEqualTo(first.keyId());
    assertThat(second.open(sealed, "p")).isEqualTo("secret");
    try (var files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file); // no temporary file left behind
    }
  }

  @Test
  void loadOrCreate_damagedFile_namesTheFile(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("secret.key"), "garbage", StandardCharsets.US_ASCII);
    assertThatThrownBy(() -> SecretBox.loadOrCreate(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file.toString());
  }
}
