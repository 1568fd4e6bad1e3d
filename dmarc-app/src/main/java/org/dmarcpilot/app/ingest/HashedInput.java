// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.dmarcpilot.app.store.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * An input read as a stream: the bytes already read into memory, then the rest. It hashes and
 * counts what passes, keeps the first bytes for a failure copy, and ends a read past the input
 * bound with an {@link IOException}, so that no input costs more than the bound's worth of reading.
 */
final class HashedInput extends InputStream {
  /** How many times the bound an input over it is read, at most, for its size and hash. */
  static final int DRAIN_FACTOR = 4;

  private final byte[] head;
  private final InputStream rest;
  private final long max;
  private final int keep;
  private final MessageDigest md = Sha256.digest();
  private byte[] kept;
  private int keptLength;
  private int headPos;
  private long count;
  private boolean over;
  private final byte[] one = new byte[1];
  private @Nullable String sha256;

  /**
   * @param head the input's first bytes
   * @param rest the input after them
   * @param max the input bound
   * @param keep how many of the first bytes to keep for a failure copy
   */
  HashedInput(byte[] head, InputStream rest, long max, int keep) {
    this.head = head;
    this.rest = rest;
    this.max = max;
    this.keep = keep;
    this.kept = head.length >= keep ? head : new byte[keep];
    this.keptLength = 0;
  }

  /** An input over the bound, drained for its hash, size and first bytes; not parsed. */
  static HashedInput drained(InputStream in, long max, int keep) throws IOException {
    return drained(new byte[0], in, max, keep);
  }

  /** An input over the bound whose first bytes were read, drained; not parsed. */
  static HashedInput drained(byte[] head, InputStream in, long max, int keep) throws IOException {
    HashedInput h = new HashedInput(head, in, max, keep);
    h.drain();
    return h;
  }

  @Override
  public int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (over) {
      throw new IOException("input larger than " + max + " bytes");
    }
    if (len == 0) {
      return 0;
    }
    int n = pull(b, off, (int) Math.min(len, max + 1 - count));
    if (count > max) {
      over = true;
      throw new IOException("input larger than " + max + " bytes");
    }
    return n;
  }

  /** Reads, hashes, counts and keeps the first bytes; -1 at the end. */
  private int pull(byte[] b, int off, int len) throws IOException {
    int n;
    if (headPos < head.length) {
      n = Math.min(len, head.length - headPos);
      System.arraycopy(head, headPos, b, off, n);
      headPos += n;
    } else {
      n = rest.read(b, off, len);
      if (n < 0) {
        return -1;
      }
    }
    md.update(b, off, n);
    if (kept != head && keptLength < keep) {
      int k = Math.min(n, keep - keptLength);
      System.arraycopy(b, off, kept, keptLength, k);
      keptLength += k;
    }
    count += n;
    return n;
  }

  /**
   * Reads what is left, for the hash and size of the whole input: up to {@value #DRAIN_FACTOR}
   * times the bound, past which the input is not read at all (its size and hash are then those of
   * the part read), so that an endless input ends too.
   */
  void drain() throws IOException {
    long cap = max > Long.MAX_VALUE / DRAIN_FACTOR ? Long.MAX_VALUE : max * DRAIN_FACTOR;
    byte[] scratch = new byte[65536];
    while (count < cap && pull(scratch, 0, (int) Math.min(scratch.length, cap - count)) >= 0) {
      // hashed and counted by pull
    }
    over = count > max;
  }

  /** Whether the input is larger than the bound (its reading stopped there). */
  boolean overBound() {
    return over;
  }

  /** The bytes read: the input's size, unless it is over {@value #DRAIN_FACTOR} times the bound. */
  long count() {
    return count;
  }

  /** The SHA-256 of the bytes read, in hex. */
  String sha256() {
    if (sha256 == null) {
      sha256 = HexFormat.of().formatHex(md.digest()); // no read follows
    }
    return sha256;
  }

  /** The first bytes, for a failure copy. */
  byte[] head() {
    int n = kept == head ? (int) Math.min(keep, Math.min(count, head.length)) : keptLength;
    return n == kept.length ? kept : Arrays.copyOf(kept, n);
  }
}
