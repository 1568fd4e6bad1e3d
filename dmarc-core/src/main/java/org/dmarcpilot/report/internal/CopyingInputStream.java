// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps a bounded copy of the bytes read through it, for the failure log. Memory grows with what
 * was read, in blocks of 64 KiB (so growing costs no copies), up to the cap; past the cap bytes are
 * only counted.
 */
public final class CopyingInputStream extends FilterInputStream {
  private static final int BLOCK = 1 << 16;

  private final int cap;
  private final List<byte[]> blocks = new ArrayList<>();
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
    int take = Math.min(cap - length, n);
    while (take > 0) {
      int inBlock = length % BLOCK;
      if (inBlock == 0) {
        blocks.add(new byte[Math.min(BLOCK, cap - length)]);
      }
      byte[] block = blocks.get(blocks.size() - 1);
      int k = Math.min(take, block.length - inBlock);
      System.arraycopy(b, off, block, inBlock, k);
      off += k;
      take -= k;
      length += k;
    }
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
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] block : blocks) {
      int k = Math.min(block.length, length - at);
      System.arraycopy(block, 0, all, at, k);
      at += k;
    }
    return all;
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
