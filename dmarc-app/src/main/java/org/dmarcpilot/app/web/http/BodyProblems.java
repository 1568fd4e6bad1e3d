// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.io.EOFException;
import java.util.Locale;
import java.util.Optional;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.eclipse.jetty.http.HttpException;
import org.jspecify.annotations.Nullable;

/**
 * Turns a request body the server could not read into the answer the client gets: a multipart
 * upload that is cut off, has no boundary, a file past {@link ReportUploads#MAX_FILE_BYTES}, part
 * headers past Jetty's 8 KiB or more than 1000 parts; a form body past the form limit. The answer
 * is a 400 or 413 whose message names the problem, never a 500 with a stack trace in the log.
 */
public final class BodyProblems {
  /** Parts of a multipart body Jetty reads at most (its limit). */
  static final int MAX_PARTS = 1000;

  private BodyProblems() {}

  /**
   * The answer for {@code failure}, or empty when it is not a request body the server could not
   * read (then it is a fault of ours).
   */
  public static Optional<HttpResponseException> of(Throwable failure) {
    HttpException jetty = null;
    Throwable root = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (jetty == null && t instanceof HttpException h) {
        jetty = h;
      }
      root = t;
      if (t.getCause() == t) {
        break;
      }
    }
    if (jetty == null) {
      return Optional.empty();
    }
    String reason = String.valueOf(jetty.getReason());
    if (reason.toLowerCase(Locale.ROOT).contains("multipart")) {
      return Optional.of(multipart(root));
    }
    int code = jetty.getCode() >= 400 && jetty.getCode() < 500 ? jetty.getCode() : 400;
    return Optional.of(
        new HttpResponseException(
            code, "the request could not be read: " + clip(message(root, reason))));
  }

  /**
   * The answer for a form body past {@code limit} bytes (Javalin stops reading there and answers
   * 413 "Content Too Large"), naming the limit.
   */
  public static HttpResponseException formTooLarge(long limit) {
    return new HttpResponseException(
        HttpStatus.CONTENT_TOO_LARGE.getCode(),
        "request body larger than "
            + limit
            + " bytes: forms are small; send report files as multipart/form-data uploads");
  }

  private static HttpResponseException multipart(Throwable root) {
    String m = message(root, "");
    String lower = m.toLowerCase(Locale.ROOT);
    if (lower.contains("max file size")) {
      return new HttpResponseException(
          HttpStatus.CONTENT_TOO_LARGE.getCode(),
          "multipart upload: a file is larger than "
              + ReportUploads.MAX_FILE_BYTES
              + " bytes (64 MiB); send large reports compressed (gzip or zip)");
    }
    if (lower.contains("max length") && !lower.contains("header")) {
      return new HttpResponseException(
          HttpStatus.CONTENT_TOO_LARGE.getCode(),
          "multipart upload: the files together are larger than the request limit; send them in"
              + " several uploads");
    }
    if (lower.contains("header")) {
      return bad("multipart upload: a part's headers are longer than 8192 bytes");
    }
    if (lower.contains("too many")) {
      return bad(
          "multipart upload: more than "
              + MAX_PARTS
              + " parts; send at most "
              + Uploads.MAX_FILES
              + " files per upload");
    }
    if (lower.contains("no multipart boundary")) {
      return bad("multipart upload: the Content-Type has no boundary parameter");
    }
    if (lower.contains("boundary")) {
      return bad("multipart upload: bad boundary: " + clip(m));
    }
    if (root instanceof EOFException) {
      return bad(
          "multipart upload: the body ends before its closing boundary (cut off, or not"
              + " multipart at all)");
    }
    return bad("multipart upload could not be read: " + clip(m));
  }

  private static HttpResponseException bad(String message) {
    return new HttpResponseException(HttpStatus.BAD_REQUEST.getCode(), message);
  }

  private static String message(Throwable t, String fallback) {
    @Nullable String m = t.getMessage();
    return m == null || m.isBlank() ? fallback : m;
  }

  private static String clip(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }
}
