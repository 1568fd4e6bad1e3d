// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dmarcpilot.app.ingest.ImapProbe;
import org.dmarcpilot.app.ingest.supervise.SourceState;

/** {@link SourceSettings#NONE}. */
final class NoSources implements SourceSettings {
  private static final String WHY = "This server does not run ingestion sources.";

  @Override
  public boolean available() {
    return false;
  }

  @Override
  public List<Row> rows() {
    return List.of();
  }

  @Override
  public List<SourceState> configured() {
    return List.of();
  }

  @Override
  public List<SourceState> states() {
    return List.of();
  }

  @Override
  public List<Path> folderRoots() {
    return List.of();
  }

  @Override
  public Optional<SourceSetting> find(long id) {
    return Optional.empty();
  }

  @Override
  public SourceSetting add(String kind, SourceForm form) throws InvalidSourceException {
    throw InvalidSourceException.of("kind", WHY);
  }

  @Override
  public Optional<SourceSetting> update(long id, SourceForm form) {
    return Optional.empty();
  }

  @Override
  public boolean setEnabled(long id, boolean enabled) {
    return false;
  }

  @Override
  public boolean delete(long id) {
    return false;
  }

  @Override
  public boolean resume(String sourceId) {
    return false;
  }

  @Override
  public Optional<ImapProbe.Result> test(long id) {
    return Optional.empty();
  }

  @Override
  public ImapProbe.Result test(SourceForm form, long id) throws InvalidSourceException {
    throw InvalidSourceException.of("kind", WHY);
  }
}
