// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

/** Takes uploaded files (xml, gz, zip, eml, mbox) into the store, through ingest. */
public interface ReportUploads {
  /** The largest upload accepted per file: {@value} bytes (64 MiB). */
  long MAX_FILE_BYTES = 64L * 1024 * 1024;

  /**
   * Reads and stores the reports of one uploaded file. Never throws for bad content: a file that
   * holds no report comes back {@link UploadResult.Status#REJECTED} with the reason.
   */
  UploadResult upload(String filename, byte[] content);
}
