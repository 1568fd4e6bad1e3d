// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.http;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.dmarcpilot.app.web.data.UploadResult;

/**
 * Reads the {@code file} parts of a multipart upload and hands each to {@link ReportUploads}. Jetty
 * keeps the parts on disk (past 1 MiB); a file is read into memory only for its turn: one file at a
 * time in the whole process, first come first served, so that uploads sent at once hold one file's
 * bytes in the heap, not all of them.
 */
public final class Uploads {
  /** Files taken per request at most: {@value}. */
  public static final int MAX_FILES = 100;

  private static final Semaphore TURN = new Semaphore(1, true);

  private Uploads() {}

  /** Uploads every {@code file} part; 400 when the request has none or too many. */
  public static List<UploadResult> handle(Context ctx, ReportUploads uploads) {
    if (!ctx.isMultipartFormData()) {
      throw new BadRequestResponse("send the files as multipart/form-data in parts named 'file'");
    }
    List<UploadedFile> files = ctx.uploadedFiles("file");
    if (files.isEmpty()) {
      throw new BadRequestResponse("no file: send one or more parts named 'file'");
    }
    if (files.size() > MAX_FILES) {
      throw new BadRequestResponse("too many files: at most " + MAX_FILES + " per upload");
    }
    List<UploadResult> results = new ArrayList<>();
    for (UploadedFile f : files) {
      String name = f.filename() == null || f.filename().isBlank() ? "upload" : f.filename();
      if (f.size() > ReportUploads.MAX_FILE_BYTES) {
        results.add(
            new UploadResult(
                name,
                UploadResult.Status.REJECTED,
                List.of(),
                0,
                "file too large: " + f.size() + " bytes, at most " + ReportUploads.MAX_FILE_BYTES));
        continue;
      }
      try {
        TURN.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        results.add(
            new UploadResult(
                name, UploadResult.Status.REJECTED, List.of(), 0, "not read: the server stopped"));
        break;
      }
      try {
        results.add(readAndUpload(f, name, uploads));
      } finally {
        TURN.release();
      }
    }
    return results;
  }

  private static UploadResult readAndUpload(UploadedFile f, String name, ReportUploads uploads) {
    byte[] bytes;
    try (InputStream in = f.content()) {
      bytes = in.readNBytes((int) ReportUploads.MAX_FILE_BYTES + 1);
    } catch (IOException e) {
      return new UploadResult(
          name,
          UploadResult.Status.REJECTED,
          List.of(),
          0,
          "could not read the upload: " + e.getMessage());
    }
    return uploads.upload(name, bytes);
  }
}
