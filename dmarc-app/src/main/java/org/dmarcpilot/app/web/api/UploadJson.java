// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.api;

import java.util.List;
import org.dmarcpilot.app.web.data.UploadResult;

/**
 * The result of an upload, per file.
 *
 * @param files one entry per uploaded file, in the order sent
 */
public record UploadJson(List<FileJson> files) {
  /**
   * One file.
   *
   * @param filename its name
   * @param status stored, duplicate or rejected
   * @param reportIds the reports stored from it
   * @param records records stored
   * @param message what happened, for a person
   */
  public record FileJson(
      String filename, String status, List<Long> reportIds, long records, String message) {
    static FileJson of(UploadResult r) {
      return new FileJson(
          r.filename(), ReportJson.word(r.status()), r.reportIds(), r.records(), r.message());
    }
  }
}
