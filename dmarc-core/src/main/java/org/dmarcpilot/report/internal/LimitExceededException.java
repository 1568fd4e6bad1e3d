// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.IOException;

/**
 * A {@link org.dmarcpilot.report.ReportLimits limit} was reached while a payload was read. It is an
 * {@link IOException} because it is thrown from inside {@code InputStream.read}; the extractor
 * turns it into a failure of the payload, never of the whole input.
 */
public final class LimitExceededException extends IOException {
  private static final long serialVersionUID = 1L;

  /** The message says which limit and what it was. */
  public LimitExceededException(String message) {
    super(message);
  }
}
