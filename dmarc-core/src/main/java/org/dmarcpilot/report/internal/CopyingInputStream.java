// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Keeps a bounded copy of the bytes read through it, for the failure log. Memory grows with what
 * was read, in blocks that double from 4 KiB to 64 KiB (so growing costs no copies, and a small
 * unit costs a small block), up to the cap; past the cap bytes are only counted.
 */
public final class CopyingInputStream extends FilterInputStream implements UnitCopy {
  private static final int FIRST_BLOCK = 1 << 12;
  private static final int MAX_BLOCK = 1 << 16;

  private final int cap;
  private final List<byte[]> blocks = new ArrayList<>();
  private byte @Nullable [] current;
  private int inCurrent;
  private int length;
  private long total;
  private final byte[] one = new byte[1];

  /** Copies at most {@code cap} bytes of {@code in}. */
  public CopyingInputStream(InputStream in, int cap) {
    super(in);
    this.cap = cap;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      one[0] = (byte) b;
      keep(one, 0, 1);
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
      byte[] block = current;
      if (block == null || inCurrent == block.length) {
        int size = Math.min(MAX_BLOCK, FIRST_BLOCK << Math.min(blocks.size(), 4));
        block = new byte[Math.min(size, cap - length)];
        blocks.add(block);
        current = block;
        inCurrent = 0;
      }
      int k = Math.min(take, block.length - inCurrent);
      System.arraycopy(b, off, block, inCurrent, k);
      off += k;
      take -= k;
      length += k;
      inCurrent += k;
    }
  }

  /** Reads the rest of the stream, so that the copy and the total are complete. */
  @Override
  public void drain() throws IOException {
    byte[] scratch = new byte[8192];
    while (read(scratch, 0, scratch.length) >= 0) {
      // only the copy and the count matter
    }
  }

  /** The bytes kept so far. */
  @Override
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

  /** How many bytes were read through the stream, kept or not. */
  public long total() {
    return total;
  }

  /** The bytes read through the stream: the unit's size once drained. */
  @Override
  public long size() {
    return total;
  }

  /** Whether more bytes were read than kept. */
  @Override
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
