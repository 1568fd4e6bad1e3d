// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.IOException;
import java.io.InputStream;
import org.jspecify.annotations.Nullable;

/**
 * Splits an mbox into its messages without holding one in memory. A message starts after a line
 * that begins with {@code From } (the line itself is not part of the message) and ends before the
 * next such line. Quoted lines ({@code >From }, {@code >>From } ...) lose one {@code >}, as in the
 * mboxrd format; in the older mboxo format only {@code >From } was quoted, which this also undoes.
 *
 * <pre>{@code
 * MboxReader mbox = new MboxReader(in, 1 << 20);
 * for (InputStream message; (message = mbox.next()) != null; ) { ... }
 * }</pre>
 */
public final class MboxReader {
  private static final byte[] FROM = {'F', 'r', 'o', 'm', ' '};
  private static final int QUOTE_LOOKAHEAD = 64;

  private final InputStream in;
  private final byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  private @Nullable MessageStream current;

  /**
   * Reads the mbox {@code in}.
   *
   * @param in the mbox, positioned at its first {@code From } line
   * @param bufferSize the read buffer (at least {@value #QUOTE_LOOKAHEAD} bytes)
   */
  public MboxReader(InputStream in, int bufferSize) {
    this.in = in;
    this.buf = new byte[Math.max(bufferSize, 4096)];
  }

  /**
   * The next message, or null at the end of the mbox. The previous message is skipped to its end
   * first.
   *
   * @throws IOException if reading the mbox fails
   */
  public @Nullable InputStream next() throws IOException {
    if (current != null) {
      current.skipToEnd();
    }
    // at a line start: skip anything up to the first "From " line (normally nothing)
    while (true) {
      if (!ensure(FROM.length) && available() == 0) {
        return null;
      }
      if (matches(pos, FROM)) {
        skipLine();
        current = new MessageStream();
        return current;
      }
      skipLine();
    }
  }

  private int available() {
    return limit - pos;
  }

  /** Tries to have {@code n} bytes buffered; false at the end of input with fewer. */
  private boolean ensure(int n) throws IOException {
    if (limit - pos >= n) {
      return true;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    while (!eof && limit < n) {
      int r = in.read(buf, limit, buf.length - limit);
      if (r < 0) {
        eof = true;
      } else {
        limit += r;
      }
    }
    return limit - pos >= n;
  }

  private boolean matches(int at, byte[] what) {
    if (limit - at < what.length) {
      return false;
    }
    for (int i = 0; i < what.length; i++) {
      if (buf[at + i] != what[i]) {
        return false;
      }
    }
    return true;
  }

  private void skipLine() throws IOException {
    while (true) {
      if (pos == limit && !ensure(1)) {
        return;
      }
      byte b = buf[pos++];
      if (b == '\n') {
        return;
      }
    }
  }

  /** One message: reads up to the next {@code From } line. */
  private final class MessageStream extends InputStream {
    private boolean lineStart = true;
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      if (lineStart) {
        ensure(QUOTE_LOOKAHEAD);
        if (matches(pos, FROM)) {
          done = true;
          return -1;
        }
        int q = pos;
        while (q < limit && buf[q] == '>') {
          q++;
        }
        if (q > pos && matches(q, FROM)) {
          pos++; // unquote: drop one '>'
        }
        lineStart = false;
      }
      if (pos == limit && !ensure(1)) {
        done = true;
        return -1;
      }
      int n = 0;
      while (n < len && pos < limit) {
        byte c = buf[pos++];
        b[off + n++] = c;
        if (c == '\n') {
          lineStart = true;
          break;
        }
      }
      return n;
    }

    void skipToEnd() throws IOException {
      byte[] scratch = new byte[8192];
      while (read(scratch, 0, scratch.length) >= 0) {
        // discard
      }
    }
  }
}
