// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.dkim;

/**
 * The key type of a DKIM key record ({@code k=}).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1">RFC 6376 §3.6.1</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8463">RFC 8463</a>
 */
public enum DkimKeyType {
  /** {@code rsa}, the default. */
  RSA("rsa"),
  /** {@code ed25519} (RFC 8463): 32 raw key bytes. */
  ED25519("ed25519");

  private final String token;

  DkimKeyType(String token) {
    this.token = token;
  }

  /** The tag value as written. */
  public String token() {
    return token;
  }
}
