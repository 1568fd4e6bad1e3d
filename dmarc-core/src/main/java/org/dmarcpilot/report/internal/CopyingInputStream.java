// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Keeps a bounded copy of the bytes read through it, for the failure log. Memory grows with what
 * was read, up to the cap; past the cap bytes are only counted.
 */
public final class CopyingInputStream extends FilterInputStream {
  private final int cap;
  private byte[] copy = new byte[0];
  private int length;
  private long total;

  /** Copies at most {@code cap} bytes of {@code in}. */
  public CopyingInputStream(InputStream in, int cap) {
    super(in);
    this.cap = cap;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      keep(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      keep(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    byte[] scratch = new byte[(int) Math.min(8192, Math.max(1, n))];
    long skipped = 0;
    while (skipped < n) {
      int r = read(scratch, 0, (int) Math.min(scratch.length, n - skipped));
      if (r < 0) {
        break;
      }
      skipped += r;
    }
    return skipped;
  }

  private void keep(byte[] b, int off, int n) {
    total += n;
    int room = cap - length;
    if (room <= 0) {
      return;
    }
    int take = Math.min(room, n);
    if (length + take > copy.length) {
      int grown = (int) Math.min(cap, Math.max(length + take, Math.max(4096L, copy.length * 2L)));
      copy = Arrays.copyOf(copy, grown);
    }
    System.arraycopy(b, off, copy, length, take);
    length += take;
  }

  /** Reads the rest of the stream, so that the copy and the total are complete. */
  public void drain() throws IOException {
    byte[] scratch = new byte[8192];
    while (read(scratch, 0, scratch.length) >= 0) {
      // only the copy and the count matter
    }
  }

  /** The bytes kept so far. */
  public byte[] copy() {
    return Arrays.copyOf(copy, length);
  }

  /** Whether more bytes were read than kept. */
  public boolean truncated() {
    return total > length;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // the caller owns the underlying stream
  }
}
