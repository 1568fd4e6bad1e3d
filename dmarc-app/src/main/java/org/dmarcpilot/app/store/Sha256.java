// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 content hashes as the store keeps them: 64 lower-case hex digits. */
public final class Sha256 {
  private Sha256() {}

  /** The hash of the given bytes. */
  public static String of(byte[] bytes) {
    return of(bytes, 0, bytes.length);
  }

  /** The hash of a range of bytes. */
  public static String of(byte[] bytes, int offset, int length) {
    MessageDigest md = digest();
    md.update(bytes, offset, length);
    return HexFormat.of().formatHex(md.digest());
  }

  /** A fresh SHA-256 digest. */
  public static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /**
   * Checks a hex hash.
   *
   * @throws IllegalArgumentException when {@code hex} is not 64 lower-case hex digits
   */
  public static String requireHex(String hex, String name) {
    if (hex == null || hex.length() != 64) {
      throw new IllegalArgumentException(name + " is not a SHA-256 hex string: " + hex);
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        throw new IllegalArgumentException(name + " is not a SHA-256 hex string: " + hex);
      }
    }
    return hex;
  }
}
