// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

/** Settings forms for tests. */
public final class SourceForms {
  private SourceForms() {}

  /**
   * A watched-folder form as the Settings page posts it, the IMAP fields at their defaults.
   *
   * @param name the source's name ("" for none)
   * @param path the folder
   * @param intervalSeconds the look interval, as typed
   * @param enabled whether the source runs
   */
  public static SourceForm folder(
      String name, String path, String intervalSeconds, boolean enabled) {
    return new SourceForm(
        name,
        path,
        intervalSeconds,
        "",
        "",
        "tls",
        "",
        "",
        "INBOX",
        "move",
        "DMARC/done",
        "DMARC/failed",
        enabled,
        false);
  }
}
