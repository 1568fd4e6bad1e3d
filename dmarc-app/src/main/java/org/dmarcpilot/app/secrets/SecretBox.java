// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.secrets;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seals short secrets with AES-256-GCM (javax.crypto): a random 96-bit nonce per value, a 128-bit
 * tag, and the purpose of the value as associated data, so that a value sealed for one purpose does
 * not open for another. A sealed value reads {@code v1:<key id>:<base64url(nonce | ciphertext |
 * tag)>}; the key id (the first 4 bytes of the key's SHA-256) tells a value sealed under another
 * key apart from a damaged one.
 *
 * <p>The key is 32 random bytes, base64 encoded: from the configuration ({@value #CONFIG_KEY},
 * environment {@code DMARCPILOT_SECRETS_KEY}) or from the file {@value #KEY_FILE} in the data
 * directory, created on first use, readable by its owner only.
 */
public final class SecretBox {
  private static final Logger LOG = LoggerFactory.getLogger(SecretBox.class);

  /** The key file's name in the data directory. */
  public static final String KEY_FILE = "secret.key";

  /** The configuration key that gives the key (base64 of 32 bytes) instead of the file. */
  public static final String CONFIG_KEY = "secrets.key";

  private static final String VERSION = "v1";
  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKeySpec key;
  private final String keyId;

  private SecretBox(byte[] key) {
    if (key.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a secret key has " + KEY_BYTES + " bytes, not " + key.length);
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
    this.keyId = keyId(key);
  }

  /** A box over the given 32-byte key. */
  public static SecretBox of(byte[] key) {
    return new SecretBox(Objects.requireNonNull(key, "key"));
  }

  /**
   * A box over a key given as base64 (standard or URL alphabet) of 32 bytes.
   *
   * @throws IllegalArgumentException when the text is not base64 of 32 bytes (the message does not
   *     repeat the text)
   */
  public static SecretBox fromBase64(String base64) {
    byte[] k;
    try {
      k = Base64.getDecoder().decode(base64.strip().replace('-', '+').replace('_', '/'));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the secret key is not base64: " + e.getMessage());
    }
    if (k.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "the secret key must be " + KEY_BYTES + " bytes in base64, not " + k.length);
    }
    return new SecretBox(k);
  }

  /** A fresh random key, base64 encoded (for {@value #CONFIG_KEY} or a key file). */
  public static String newKey() {
    byte[] k = new byte[KEY_BYTES];
    RANDOM.nextBytes(k);
    return Base64.getEncoder().encodeToString(k);
  }

  /**
   * The box of the key in {@code file}; the file is created with a new random key, readable and
   * writable by its owner only, when it does not exist. Two processes starting at once end up with
   * the same key (the file is created by a hard link, which fails when it exists).
   *
   * @throws IOException when the file cannot be read or created
   * @throws IllegalArgumentException when the file does not hold base64 of 32 bytes
   */
  public static SecretBox loadOrCreate(Path file) throws IOException {
    if (!Files.exists(file)) {
      create(file);
    }
    checkPermissions(file);
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    try {
      return fromBase64(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static void create(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path tmp =
        posix
            ? Files.createTempFile(
                dir,
                ".secret-",
                ".tmp",
                PosixFilePermissions.asFileAttribute(
                    EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE)))
            : Files.createTempFile(dir, ".secret-", ".tmp");
    try {
      Files.writeString(tmp, newKey() + "\n", StandardCharsets.US_ASCII);
      try {
        Files.createLink(file, tmp);
      } catch (FileAlreadyExistsException e) {
        // another process made it first: use theirs
      } catch (UnsupportedOperationException e) {
        Files.move(tmp, file);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static void checkPermissions(Path file) throws IOException {
    if (!file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
    p.remove(PosixFilePermission.OWNER_READ);
    p.remove(PosixFilePermission.OWNER_WRITE);
    if (!p.isEmpty()) {
      LOG.warn(
          "the secret key file {} can be read by others ({}); chmod 600 it",
          file,
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
  }

  /** The key's id: the first 4 bytes of its SHA-256, in hex. */
  public String keyId() {
    return keyId;
  }

  /**
   * Seals a secret.
   *
   * @param secret the clear text
   * @param purpose what the secret is for ({@code imap-password}); {@link #open} needs the same
   */
  public String seal(String secret, String purpose) {
    Objects.requireNonNull(secret, "secret");
    Objects.requireNonNull(purpose, "purpose");
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
      byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
      ByteBuffer b = ByteBuffer.allocate(nonce.length + ct.length).put(nonce).put(ct);
      return VERSION
          + ":"
          + keyId
          + ":"
          + Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from the JDK", e);
    }
  }

  /**
   * Opens a sealed secret.
   *
   * @param sealed what {@link #seal} returned
   * @param purpose the purpose it was sealed for
   * @throws SecretException when the value was sealed under another key, was changed, or is not a
   *     sealed value (the message does not repeat the value)
   */
  public String open(String sealed, String purpose) throws SecretException {
    Objects.requireNonNull(sealed, "sealed");
    Objects.requireNonNull(purpose, "purpose");
    String[] parts = sealed.split(":", -1);
    if (parts.length != 3 || !parts[0].equals(VERSION)) {
      throw new SecretException("not a sealed secret (expected " + VERSION + ":<key>:<data>)");
    }
    if (!parts[1].equals(keyId)) {
      throw new SecretException(
          "sealed under another key ("
              + parts[1]
              + "; this server's key is "
              + keyId
              + "): enter the secret again or restore the key");
    }
    byte[] data;
    try {
      data = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new SecretException("damaged sealed secret: " + e.getMessage());
    }
    if (data.length < NONCE_BYTES + TAG_BITS / 8) {
      throw new SecretException("damaged sealed secret: too short");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(
          Cipher.DECRYPT_MODE,
          key,
          new GCMParameterSpec(TAG_BITS, Arrays.copyOf(data, NONCE_BYTES)));
      c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
      byte[] clear = c.doFinal(data, NONCE_BYTES, data.length - NONCE_BYTES);
      return new String(clear, StandardCharsets.UTF_8);
    } catch (AEADBadTagException e) {
      throw new SecretException(
          "the sealed secret does not open with this key: it was changed or sealed for another use",
          e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is missing from the JDK", e);
    }
  }

  private static String keyId(byte[] key) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(key);
      return HexFormat.of().formatHex(d, 0, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }

  @Override
  public String toString() {
    return "SecretBox[key " + keyId + "]";
  }
}
