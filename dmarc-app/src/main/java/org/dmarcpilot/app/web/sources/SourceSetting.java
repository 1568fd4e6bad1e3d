// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One stored ingestion source: a watched folder or an IMAP account (exactly one of {@code folder}
 * and {@code imap} is set).
 *
 * @param id its id (0 before it is stored)
 * @param name a name for people (a folder's path by default)
 * @param enabled whether it runs
 * @param interval how often a folder is looked at; for a mailbox, how often it is polled when the
 *     server has no IDLE
 * @param folder the watched folder, or null
 * @param imap the IMAP account, or null
 */
public record SourceSetting(
    long id,
    String name,
    boolean enabled,
    Duration interval,
    @Nullable Path folder,
    @Nullable ImapAccount imap) {
  /** Checks the fields. */
  public SourceSetting {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(interval, "interval");
    if ((folder == null) == (imap == null)) {
      throw new IllegalArgumentException("a source is either a folder or an IMAP account");
    }
  }

  /** {@code folder} or {@code imap}. */
  public String kind() {
    return folder != null ? "folder" : "imap";
  }

  /** The supervisor's id of this source. */
  public String supervisorId() {
    return supervisorId(id);
  }

  /** The supervisor's id of the stored source with this id. */
  static String supervisorId(long id) {
    return "settings-" + id;
  }

  /** This setting with another id. */
  SourceSetting withId(long newId) {
    return new SourceSetting(newId, name, enabled, interval, folder, imap);
  }

  /**
   * This setting with another sealed refresh token, when it is an account that signs in with OAuth
   * 2.0; else this setting.
   */
  SourceSetting withSealedRefreshToken(String sealed) {
    if (imap == null || imap.oauth() == null) {
      return this;
    }
    ImapOAuth o = imap.oauth();
    return new SourceSetting(
        id,
        name,
        enabled,
        interval,
        folder,
        imap.withSecrets(imap.sealedPassword(), o.withSealed(o.sealedClientSecret(), sealed)));
  }

  /** This setting enabled or not. */
  SourceSetting withEnabled(boolean on) {
    return new SourceSetting(id, name, on, interval, folder, imap);
  }
}
