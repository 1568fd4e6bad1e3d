// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.report.internal;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.ZipException;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.MimeIOException;
import org.jspecify.annotations.Nullable;

/** Turns the exceptions of decoders into problems a person understands. */
public final class IoProblems {
  private IoProblems() {}

  /** The innermost {@link IOException} or {@link MimeException} in a cause chain, or null. */
  public static @Nullable Exception rootIo(Throwable t) {
    Exception found = null;
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof IOException || c instanceof MimeException) {
        found = (Exception) c;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return found;
  }

  /** What went wrong, for a person. */
  public static String describe(Exception e) {
    String msg = e.getMessage() == null ? "" : e.getMessage();
    if (e instanceof LimitExceededException) {
      return msg;
    }
    if (e instanceof EOFException) {
      return "the compressed data end early (truncated?)" + (msg.isEmpty() ? "" : ": " + msg);
    }
    if (e instanceof ZipException) {
      return "damaged compressed data: " + msg;
    }
    if (e instanceof MimeIOException || e instanceof MimeException) {
      Throwable cause = e.getCause();
      if (cause != null && cause != e && cause.getMessage() != null) {
        msg = cause.getMessage(); // mime4j's own message is the cause's class name and message
      }
      return "unreadable e-mail message: " + msg;
    }
    return e.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
  }
}
