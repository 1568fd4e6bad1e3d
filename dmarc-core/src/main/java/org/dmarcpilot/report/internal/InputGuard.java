// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Wraps the caller's input and remembers an I/O error of the input itself. Decoders above it throw
 * their own {@link IOException}s for damaged payloads (a truncated gzip, a bad zip); only an error
 * remembered here ends the whole input.
 */
public final class InputGuard extends FilterInputStream {
  private @Nullable IOException failure;

  /** Guards {@code in}. */
  public InputGuard(InputStream in) {
    super(in);
  }

  /** The I/O error the input raised, or null. */
  public @Nullable IOException failure() {
    return failure;
  }

  @Override
  public int read() throws IOException {
    try {
      return in.read();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    try {
      return in.read(b, off, len);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return in.skip(n);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public int available() throws IOException {
    try {
      return in.available();
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  @Override
  public boolean markSupported() {
    return false;
  }

  @Override
  public void close() {
    // the caller owns the input
  }
}
