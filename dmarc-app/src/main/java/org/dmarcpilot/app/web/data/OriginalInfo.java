// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.Objects;

/**
 * What is known of a report's original without its bytes: for the report page's download link, or
 * its note that the original was too large to keep.
 *
 * @param filename the file name offered for download
 * @param mediaType the content type
 * @param size the original's size in bytes
 * @param kept whether the bytes were kept (false: over the limit, only the size is known)
 */
public record OriginalInfo(String filename, String mediaType, long size, boolean kept) {
  /** Checks the fields. */
  public OriginalInfo {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(mediaType, "mediaType");
  }
}
