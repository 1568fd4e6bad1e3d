// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dmarcpilot.app.ingest.ImapProbe;
import org.dmarcpilot.app.ingest.supervise.SourceState;
import org.jspecify.annotations.Nullable;

/**
 * The ingestion sources behind the Settings and Ingestion pages: the stored ones (added, changed,
 * enabled, disabled, deleted here, and run at once) and the read-only ones from the configuration.
 */
public interface SourceSettings {
  /** A server without background ingestion: nothing listed, nothing can be added. */
  SourceSettings NONE = new NoSources();

  /**
   * A stored source with its state.
   *
   * @param setting the stored source
   * @param state what it is doing, or null when the supervisor does not know it (yet)
   */
  record Row(SourceSetting setting, @Nullable SourceState state) {
    /** Checks the fields. */
    public Row {
      Objects.requireNonNull(setting, "setting");
    }
  }

  /** Whether sources can be managed here. */
  boolean available();

  /** The stored sources with their states, by id. */
  List<Row> rows();

  /** The states of the sources from the configuration (read-only). */
  List<SourceState> configured();

  /** Every source's state, the configuration's first. */
  List<SourceState> states();

  /**
   * The folders under which a folder may be watched ({@code web.folder-roots}); empty: watching a
   * folder from the dashboard is turned off.
   */
  List<Path> folderRoots();

  /** One stored source. */
  Optional<SourceSetting> find(long id);

  /**
   * Validates, stores and (when enabled) starts a source.
   *
   * @param kind {@code folder} or {@code imap}
   * @throws InvalidSourceException naming each bad field
   */
  SourceSetting add(String kind, SourceForm form) throws InvalidSourceException;

  /**
   * Validates and stores a changed source (an empty password keeps the stored one) and restarts it.
   *
   * @return the stored source, or empty when there is no source {@code id}
   * @throws InvalidSourceException naming each bad field
   */
  Optional<SourceSetting> update(long id, SourceForm form) throws InvalidSourceException;

  /**
   * Enables (starts) or disables (stops) a stored source.
   *
   * @return whether it exists
   */
  boolean setEnabled(long id, boolean enabled);

  /**
   * Stops and deletes a stored source.
   *
   * @return whether it existed
   */
  boolean delete(long id);

  /**
   * Lets a source that stopped after the server refused its login log in again, once.
   *
   * @param sourceId the supervisor's id of the source (a stored one or one of the configuration)
   * @return whether it was waiting after a refused login (false: unknown, or in another status, and
   *     nothing was done)
   */
  boolean resume(String sourceId);

  /**
   * Tests a stored IMAP account's connection.
   *
   * @return the result, or empty when there is no such IMAP account
   */
  Optional<ImapProbe.Result> test(long id);

  /**
   * Tests the IMAP account in a form (an empty password: the stored one of source {@code id}).
   *
   * @param id the source being edited, or 0
   * @throws InvalidSourceException naming each bad field
   */
  ImapProbe.Result test(SourceForm form, long id) throws InvalidSourceException;
}
