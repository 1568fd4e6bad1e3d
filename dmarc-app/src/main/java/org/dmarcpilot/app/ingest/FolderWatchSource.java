// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.Sha256;

/**
 * Watch mode for {@code serve}: looks at a folder (recursively) every {@code interval} and hands
 * over each file whose content the store has not handled yet. Files are tracked by the SHA-256 of
 * their bytes ({@code ingested_input}), so a file is handled once however often it is seen, renamed
 * or copied, and across restarts. A file still being written is picked up once its size stops
 * changing. Nothing is moved or deleted. Runs until {@link #stop()}.
 *
 * <p>Links to folders are never followed. Links to files are followed unless the watch is made with
 * {@code followLinks} false (a folder added from the dashboard, whose files a dashboard user can
 * download from the failure log): then each link is rejected by name, unopened, and files are
 * opened without following a link put in their place.
 */
public final class FolderWatchSource implements InputSource {
  private final Path folder;
  private final ReportStore store;
  private final Duration interval;
  private final SourceEvents events;
  private final boolean followLinks;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final java.util.Map<Path, Long> lastSize = new java.util.HashMap<>();

  /** Paths rejected as unreadable, with the reason given: not rejected again while it stays. */
  private final java.util.Map<Path, String> unreadable = new java.util.HashMap<>();

  private volatile boolean stopped;

  /**
   * @param folder the folder to watch
   * @param store where handled inputs are recorded
   * @param interval how often to look
   */
  public FolderWatchSource(Path folder, ReportStore store, Duration interval) {
    this(folder, store, interval, SourceEvents.NONE);
  }

  /**
   * @param folder the folder to watch
   * @param store where handled inputs are recorded
   * @param interval how often to look
   * @param events hears each look, each wait, and a folder that cannot be read
   */
  public FolderWatchSource(Path folder, ReportStore store, Duration interval, SourceEvents events) {
    this(folder, store, interval, events, true);
  }

  /**
   * @param folder the folder to watch
   * @param store where handled inputs are recorded
   * @param interval how often to look
   * @param events hears each look, each wait, and a folder that cannot be read
   * @param followLinks whether links to files are read (false: each is rejected by name, and the
   *     folder itself must not be a link)
   */
  public FolderWatchSource(
      Path folder, ReportStore store, Duration interval, SourceEvents events, boolean followLinks) {
    this.folder = folder;
    this.store = store;
    this.interval = interval;
    this.events = java.util.Objects.requireNonNull(events, "events");
    this.followLinks = followLinks;
  }

  /** Why a link is not read in a watch that does not follow links. */
  static final String LINK_NOT_FOLLOWED =
      "a symbolic link; links are not followed in a folder watched from the dashboard";

  @Override
  public String describe() {
    return "watched folder " + folder;
  }

  /** Ends the watch after the current look. */
  public void stop() {
    stopped = true;
  }

  @Override
  public void produce(Sink sink) throws IOException, InterruptedException {
    while (!stopped) {
      if (!Files.isDirectory(folder, links())) {
        events.retrying("folder " + folder + " does not exist or is not a directory");
      } else if (!Files.isReadable(folder)) {
        events.retrying("folder " + folder + " is not readable by the server");
      } else {
        events.reading();
        try {
          scan(sink);
          events.waiting();
        } catch (IOException | java.io.UncheckedIOException e) {
          events.retrying("cannot read " + folder + ": " + e.getMessage());
        }
      }
      long until = System.nanoTime() + interval.toNanos();
      while (!stopped && System.nanoTime() < until) {
        Thread.sleep(Math.min(200, Math.max(1, interval.toMillis())));
      }
    }
  }

  private void scan(Sink sink) throws IOException, InterruptedException {
    Map<Path, IOException> failed = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    List<Path> linked = new ArrayList<>();
    Files.walkFileTree(
        folder,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            if (!followLinks && attrs.isSymbolicLink()) {
              linked.add(f);
            } else {
              files.add(f);
            }
            return stopped ? FileVisitResult.TERMINATE : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            failed.put(f, e); // a folder or file the walk could not open: named, the rest read
            return FileVisitResult.CONTINUE;
          }
        });
    for (Path f : files) {
      if (stopped) {
        break;
      }
      if (!Files.isRegularFile(f, links()) || f.getFileName().toString().startsWith(".")) {
        continue;
      }
      long size;
      try {
        size = Files.size(f);
      } catch (IOException e) {
        failed.put(f, e);
        continue;
      }
      Long before = lastSize.put(f, size);
      if (before == null || before != size) {
        continue; // new or still growing: look again next time
      }
      String sha;
      try {
        sha = hash(f, links());
      } catch (IOException e) {
        failed.put(f, e);
        continue;
      }
      unreadable.remove(f);
      if (inFlight.contains(sha) || store.isInputDone(sha)) {
        continue;
      }
      inFlight.add(sha);
      String name = f.toString();
      sink.accept(
          new InputUnit(name, new Provenance(FileInputSource.kindOf(f), name, null, null, null)) {
            @Override
            public InputStream open() throws IOException {
              return Files.newInputStream(f, links());
            }

            @Override
            public void committed(InputOutcome outcome) {
              inFlight.remove(sha);
            }

            @Override
            public void abandoned() {
              inFlight.remove(sha);
            }
          });
    }
    for (Map.Entry<Path, IOException> e : failed.entrySet()) {
      reject(sink, e.getKey(), InputReader.describe(e.getValue()));
    }
    for (Path f : linked) {
      if (!f.getFileName().toString().startsWith(".")) {
        reject(sink, f, LINK_NOT_FOLLOWED);
      }
    }
    lastSize.keySet().removeIf(p -> !Files.exists(p, LinkOption.NOFOLLOW_LINKS));
    unreadable.keySet().removeIf(p -> !Files.exists(p, LinkOption.NOFOLLOW_LINKS));
  }

  /**
   * Hands over a path that could not be read as an input that fails with its reason, so that it is
   * rejected by name in the failure log; once, until the problem's text changes (it is looked at
   * again every interval).
   */
  private void reject(Sink sink, Path f, String reason) throws InterruptedException {
    if (reason.equals(unreadable.put(f, reason))) {
      return;
    }
    sink.accept(FileInputSource.refused(f, FileInputSource.kindOf(f), reason));
  }

  /** No options, or not following a link (a folder watched from the dashboard). */
  private LinkOption[] links() {
    return followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
  }

  private static String hash(Path f, LinkOption... links) throws IOException {
    MessageDigest md = Sha256.digest();
    try (InputStream in = Files.newInputStream(f, links)) {
      byte[] buf = new byte[65536];
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
