// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;
import org.dmarcpilot.report.ReportLimits;

/**
 * Bounds a decompression: the bytes it produces (absolute cap per payload, and a shared budget per
 * input) and the ratio of produced to consumed bytes once the first {@link
 * ReportLimits#ratioFreeBytes()} have come out. It stops the read that crosses a bound with a
 * {@link LimitExceededException}, so a decompression bomb costs at most the bound's worth of work.
 */
public final class DecompressionGuard extends FilterInputStream {
  private final LongSupplier consumed;
  private final ReportLimits limits;
  private final Budget budget;
  private final String what;
  private long produced;

  /** The shared count of all decompressed bytes of one input. */
  public static final class Budget {
    private final long max;
    private long used;

    /** A budget of {@code max} bytes. */
    public Budget(long max) {
      this.max = max;
    }

    void add(long n, String what) throws LimitExceededException {
      used += n;
      if (used > max) {
        throw new LimitExceededException(
            what
                + ": the input's decompressed data exceed "
                + Sizes.human(max)
                + " in total (limit maxInputDecompressedBytes)");
      }
    }
  }

  /**
   * Guards the decompressed stream {@code in}.
   *
   * @param in the decompressed bytes
   * @param consumed how many compressed bytes the decompressor has read so far
   * @param limits the caps and the ratio
   * @param budget the input's shared budget
   * @param what a name for messages, such as {@code gzip data} or {@code zip member "a.xml"}
   */
  public DecompressionGuard(
      InputStream in, LongSupplier consumed, ReportLimits limits, Budget budget, String what) {
    super(in);
    this.consumed = consumed;
    this.limits = limits;
    this.budget = budget;
    this.what = what;
  }

  @Override
  public int read() throws IOException {
    int b = in.read();
    if (b >= 0) {
      count(1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n = in.read(b, off, len);
    if (n > 0) {
      count(n);
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

  private void count(int n) throws LimitExceededException {
    produced += n;
    budget.add(n, what);
    if (produced > limits.maxDecompressedBytes()) {
      throw new LimitExceededException(
          what
              + " expands past "
              + Sizes.human(limits.maxDecompressedBytes())
              + " (limit maxDecompressedBytes)");
    }
    if (produced > limits.ratioFreeBytes()) {
      long in = Math.max(1, consumed.getAsLong());
      if (produced / limits.maxCompressionRatio() > in) {
        throw new LimitExceededException(
            what
                + " expands more than "
                + limits.maxCompressionRatio()
                + " times ("
                + Sizes.human(in)
                + " to more than "
                + Sizes.human(produced)
                + "): a decompression bomb? (limit maxCompressionRatio)");
      }
    }
  }

  /** Bytes produced so far. */
  public long produced() {
    return produced;
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // the caller owns the decompressor
  }
}
