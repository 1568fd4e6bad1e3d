// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Where a folder watched from the dashboard may be: inside one of the folders the administrator
 * allows ({@value #KEY}, comma-separated absolute folders), and never the data directory, a folder
 * inside it or a folder that contains it (a watch is recursive, and the data directory holds the
 * key that seals the IMAP passwords and the configuration), nor a folder that contains another
 * protected file (a configuration file kept elsewhere). Without allowed folders, no folder can be
 * watched from the dashboard; the configuration's own {@code watch.dirs} are not checked here.
 *
 * <p>Folders are compared on their real paths: symbolic links resolved and {@code ..} removed, at
 * every check (a folder, a root or the data directory may change between checks).
 *
 * <p>Every file a watched folder holds that is not a report lands in the failure log with its
 * bytes, which the dashboard serves: a folder the server can read but the dashboard user must not
 * is a disclosure, which this check prevents.
 */
public final class FolderRoots {
  /** The configuration key of the allowed folders. */
  public static final String KEY = "web.folder-roots";

  /** The environment variable of {@link #KEY}. */
  public static final String ENV = "DMARCPILOT_WEB_FOLDER_ROOTS";

  private final List<Path> roots;
  private final Path dataDir;
  private final List<Path> protectedFiles;

  /**
   * @param roots the folders under which dashboard folders are allowed (absolute; may be empty)
   * @param dataDir the data directory (absolute)
   * @param protectedFiles files that no watched folder may contain (absolute: the configuration
   *     file)
   * @throws IllegalArgumentException when a path is not absolute
   */
  public FolderRoots(List<Path> roots, Path dataDir, List<Path> protectedFiles) {
    this.roots = absolute(roots, KEY);
    this.dataDir = absolute(List.of(dataDir), "the data directory").get(0);
    this.protectedFiles = absolute(protectedFiles, "a protected file");
  }

  /**
   * The allowed folders of a configuration value ({@value #KEY}, comma-separated; blank entries
   * ignored).
   *
   * @throws IllegalArgumentException naming the key when an entry is not an absolute path
   */
  public static FolderRoots parse(String value, Path dataDir, List<Path> protectedFiles) {
    List<Path> roots = new ArrayList<>();
    for (String part : value.split(",", -1)) {
      String p = part.strip();
      if (p.isEmpty()) {
        continue;
      }
      Path path;
      try {
        path = Path.of(p);
      } catch (InvalidPathException e) {
        throw new IllegalArgumentException(KEY + ": not a path: " + p + " (" + e.getReason() + ")");
      }
      if (!path.isAbsolute()) {
        throw new IllegalArgumentException(KEY + ": not an absolute folder: " + p);
      }
      roots.add(path);
    }
    return new FolderRoots(roots, dataDir, protectedFiles);
  }

  /** The folders under which dashboard folders are allowed, as configured (may be empty). */
  public List<Path> roots() {
    return roots;
  }

  /**
   * Why a folder is refused without looking at it: no roots are configured, or its path
   * (normalized, as typed) is not inside a root. The server does not tell a dashboard user whether
   * a path outside the roots exists. Empty does not mean allowed: {@link #refusal} says that.
   *
   * @param folder an absolute folder
   */
  public Optional<String> outside(Path folder) {
    if (roots.isEmpty()) {
      return Optional.of(turnedOff());
    }
    Path p = folder.normalize();
    for (Path root : roots) {
      if (p.startsWith(root) || p.startsWith(real(root))) {
        return Optional.empty();
      }
    }
    return Optional.of(notInside(folder.toString()));
  }

  /**
   * Why a folder cannot be watched from the dashboard, or empty when it can.
   *
   * @param folder an absolute folder (it should exist: one that does not is refused)
   */
  public Optional<String> refusal(Path folder) {
    Path real;
    try {
      real = folder.toRealPath();
    } catch (IOException e) {
      return Optional.of("The folder " + folder + " cannot be resolved on the server.");
    }
    Path data = real(dataDir);
    if (real.startsWith(data) || data.startsWith(real)) {
      return Optional.of(
          "The folder "
              + shown(folder, real)
              + (real.startsWith(data) ? " is in" : " contains")
              + " the data directory of DMARC Pilot ("
              + data
              + "), which holds its keys and configuration: it can never be watched.");
    }
    for (Path f : protectedFiles) {
      Path file = real(f);
      if (file.startsWith(real)) {
        return Optional.of(
            "The folder "
                + shown(folder, real)
                + " contains the configuration file "
                + file
                + ": it can never be watched.");
      }
    }
    if (roots.isEmpty()) {
      return Optional.of(turnedOff());
    }
    for (Path root : roots) {
      if (real.startsWith(real(root))) {
        return Optional.empty();
      }
    }
    return Optional.of(notInside(shown(folder, real)));
  }

  private String notInside(String folder) {
    return "The folder "
        + folder
        + " is not inside a folder the administrator allows ("
        + KEY
        + "): "
        + roots.stream().map(Path::toString).collect(Collectors.joining(", "))
        + ".";
  }

  /** Why no folder can be watched from the dashboard when no root is configured. */
  public static String turnedOff() {
    return "Watching a folder from the dashboard is turned off: the administrator allows it by"
        + " setting "
        + KEY
        + " ("
        + ENV
        + ") to the folders, comma-separated, under which folders may be watched.";
  }

  /** The folder as typed, with its real path when that differs. */
  private static String shown(Path folder, Path real) {
    return folder.equals(real) ? folder.toString() : folder + " (really " + real + ")";
  }

  /** The real path, or the normalized path when it does not exist (yet). */
  private static Path real(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.normalize();
    }
  }

  private static List<Path> absolute(List<Path> paths, String what) {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      Objects.requireNonNull(p, what);
      if (!p.isAbsolute()) {
        throw new IllegalArgumentException(what + ": not an absolute path: " + p);
      }
      out.add(p.normalize());
    }
    return List.copyOf(out);
  }
}
