// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report;

import java.io.FilterInputStream;
import java.io.InputStream;

/** A stream whose {@code close()} leaves the stream below open (a zip member, a payload). */
final class KeepOpen extends FilterInputStream {
  KeepOpen(InputStream in) {
    super(in);
  }

  @Override
  public void close() {
    // the archive stays open for the next member
  }
}
