// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest.supervise;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.dmarcpilot.app.ingest.ImapSettings;

/**
 * One source the supervisor runs.
 *
 * @param id a key unique among the supervisor's sources (stable across edits of the source)
 * @param name a name for people
 * @param target what to read
 * @param origin whether it came from the configuration (read-only) or the Settings page
 */
public record SourceDefinition(String id, String name, Target target, Origin origin) {

  /** Checks the fields. */
  public SourceDefinition {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(origin, "origin");
    if (id.isBlank()) {
      throw new IllegalArgumentException("empty source id");
    }
  }

  /**
   * The key of the source's lease, the same in every process that may run the source: a source of
   * the Settings page by its id (its row in the shared database), a source of the configuration by
   * its kind and target, as the position of an entry in a configuration file is not shared between
   * processes (two processes watching the same folder share its lease; different folders do not).
   */
  public String leaseKey() {
    return origin == Origin.SETTINGS
        ? "source:" + id
        : "configuration:" + target.kind() + ":" + target.describe();
  }

  /** Where a source was defined. */
  public enum Origin {
    /** The configuration file or environment ({@code watch.dirs}, {@code imap.*}): read-only. */
    CONFIGURATION,
    /** Added under Settings and stored in the database. */
    SETTINGS
  }

  /** What a source reads. */
  public sealed interface Target permits Folder, Mailbox {
    /** {@code folder} or {@code imap}. */
    String kind();

    /** The folder path or the mailbox ({@code user@host/folder}). */
    String describe();
  }

  /**
   * A watched folder.
   *
   * @param path the folder (read recursively)
   * @param interval how often it is looked at
   */
  public record Folder(Path path, Duration interval) implements Target {
    /** Checks the fields. */
    public Folder {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("the interval must be positive: " + interval);
      }
    }

    @Override
    public String kind() {
      return "folder";
    }

    @Override
    public String describe() {
      return path.toString();
    }
  }

  /**
   * An IMAP mailbox, read with IDLE (or polling) until stopped.
   *
   * @param settings the mailbox
   */
  public record Mailbox(ImapSettings settings) implements Target {
    /** Checks the fields. */
    public Mailbox {
      Objects.requireNonNull(settings, "settings");
    }

    @Override
    public String kind() {
      return "imap";
    }

    @Override
    public String describe() {
      return settings.mailbox();
    }
  }

  /** A watched folder. */
  public static SourceDefinition folder(String id, Path path, Duration interval, Origin origin) {
    return new SourceDefinition(id, path.toString(), new Folder(path, interval), origin);
  }

  /** An IMAP mailbox. */
  public static SourceDefinition mailbox(
      String id, String name, ImapSettings settings, Origin origin) {
    return new SourceDefinition(id, name, new Mailbox(settings), origin);
  }
}
