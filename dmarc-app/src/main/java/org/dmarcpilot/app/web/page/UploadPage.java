// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.page;

import io.javalin.http.Context;
import java.util.List;
import java.util.Objects;
import org.dmarcpilot.app.web.data.ReportUploads;
import org.dmarcpilot.app.web.data.UploadResult;
import org.dmarcpilot.app.web.http.Uploads;
import org.dmarcpilot.app.web.http.Views;

/**
 * {@code /upload}: drag and drop report files (xml, gz, zip, eml, mbox); the result per file. With
 * scripts the files go to {@code POST /api/v1/reports} one by one; without, the form posts here.
 */
public final class UploadPage {
  private final ReportUploads uploads;
  private final Views views;

  /** The page over the upload service. */
  public UploadPage(ReportUploads uploads, Views views) {
    this.uploads = Objects.requireNonNull(uploads, "uploads");
    this.views = Objects.requireNonNull(views, "views");
  }

  /**
   * What the page shows.
   *
   * @param results the results of the files just posted (empty before any upload)
   */
  public record UploadView(List<UploadResult> results) {}

  /** {@code GET /upload}. */
  public void form(Context ctx) {
    render(ctx, List.of());
  }

  /** {@code POST /upload}. */
  public void submit(Context ctx) {
    render(ctx, Uploads.handle(ctx, uploads));
  }

  private void render(Context ctx, List<UploadResult> results) {
    Chrome chrome = PageSupport.chrome(ctx, "Upload", "upload", null, null, List.of());
    views.render(ctx, "upload.jte", PageSupport.params(chrome, new UploadView(results)));
  }
}
