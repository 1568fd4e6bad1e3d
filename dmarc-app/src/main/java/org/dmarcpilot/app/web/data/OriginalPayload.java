// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.data;

import java.util.Objects;

/**
 * The bytes a report arrived as (the e-mail, zip, gzip or XML), for download.
 *
 * @param filename a file name to offer the browser
 * @param mediaType the content type
 * @param bytes the original bytes
 */
public record OriginalPayload(String filename, String mediaType, byte[] bytes) {
  /** Checks the fields; the bytes are not copied (they may be large). */
  public OriginalPayload {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(mediaType, "mediaType");
    Objects.requireNonNull(bytes, "bytes");
  }
}
