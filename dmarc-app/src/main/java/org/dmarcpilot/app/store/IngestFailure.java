// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.store;

import java.util.Objects;

/**
 * An input that could not be stored, for the failure log.
 *
 * @param source where it came from
 * @param reason why it was rejected, for a person to read
 * @param contentSha256 SHA-256 of the whole original input
 * @param originalSize the size of the whole original input in bytes
 * @param original the original bytes, possibly cut to the configured bound
 */
public record IngestFailure(
    Provenance source, String reason, String contentSha256, long originalSize, byte[] original) {
  public IngestFailure {
    Objects.requireNonNull(source, "source");
    reason = StoredText.cleanNonNull(Objects.requireNonNull(reason, "reason"));
    Sha256.requireHex(contentSha256, "contentSha256");
    Objects.requireNonNull(original, "original");
    if (originalSize < original.length) {
      throw new IllegalArgumentException(
          "originalSize " + originalSize + " < kept bytes " + original.length);
    }
  }

  /**
   * A failure that keeps at most {@code maxBytes} of the input.
   *
   * @param source where it came from
   * @param reason why it was rejected
   * @param input the whole input
   * @param maxBytes the bound on the kept bytes
   */
  public static IngestFailure of(Provenance source, String reason, byte[] input, int maxBytes) {
    byte[] kept =
        input.length <= maxBytes ? input.clone() : java.util.Arrays.copyOf(input, maxBytes);
    return new IngestFailure(source, reason, Sha256.of(input), input.length, kept);
  }

  /** Whether the kept bytes are fewer than the input had. */
  public boolean truncated() {
    return original.length < originalSize;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IngestFailure f
        && source.equals(f.source)
        && reason.equals(f.reason)
        && contentSha256.equals(f.contentSha256)
        && originalSize == f.originalSize
        && java.util.Arrays.equals(original, f.original);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, reason, contentSha256, originalSize);
  }

  @Override
  public String toString() {
    return "IngestFailure[" + source.describe() + ": " + reason + ", " + originalSize + " bytes]";
  }
}
