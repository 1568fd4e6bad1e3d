// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.SourceKind;

/**
 * Files and folders (recursive), mbox files and Maildirs. A folder with {@code cur} and {@code new}
 * is a Maildir: each file in {@code cur} and {@code new} is one message ({@code tmp} is skipped, as
 * messages there are still being written). A file named {@code *.mbox} or starting with an mbox
 * {@code From } line is an mbox, split into messages by the parser. Hidden files are skipped.
 * Nothing is moved or deleted.
 */
public final class FileInputSource implements InputSource {
  private final List<Path> paths;

  /**
   * @param paths files and folders
   */
  public FileInputSource(List<Path> paths) {
    this.paths = List.copyOf(paths);
  }

  @Override
  public String describe() {
    return paths.size() == 1 ? paths.get(0).toString() : paths.size() + " paths";
  }

  @Override
  public void produce(Sink sink) throws IOException, InterruptedException {
    for (Path p : paths) {
      if (!Files.exists(p)) {
        throw new NoSuchFileException(p.toString(), null, "no such file or folder");
      }
      if (Files.isDirectory(p)) {
        walk(p, sink);
      } else {
        sink.accept(unit(p, isMaildirMessage(p) ? SourceKind.MAILDIR : kindOf(p)));
      }
    }
  }

  private void walk(Path root, Sink sink) throws IOException, InterruptedException {
    try (Stream<Path> s = Files.walk(root)) {
      Iterator<Path> it = s.iterator();
      while (it.hasNext()) {
        Path f = it.next();
        if (!Files.isRegularFile(f) || f.getFileName().toString().startsWith(".")) {
          continue;
        }
        Path parent = f.getParent();
        String dir = parent == null ? "" : parent.getFileName().toString();
        if (isMaildir(parent == null ? null : parent.getParent())) {
          if (dir.equals("tmp")) {
            continue;
          }
          if (dir.equals("cur") || dir.equals("new")) {
            sink.accept(unit(f, SourceKind.MAILDIR));
            continue;
          }
        }
        sink.accept(unit(f, kindOf(f)));
      }
    }
  }

  private static boolean isMaildirMessage(Path f) {
    Path parent = f.getParent();
    if (parent == null || parent.getParent() == null) {
      return false;
    }
    String dir = parent.getFileName().toString();
    return (dir.equals("cur") || dir.equals("new")) && isMaildir(parent.getParent());
  }

  private static boolean isMaildir(Path dir) {
    return dir != null
        && Files.isDirectory(dir.resolve("cur"))
        && Files.isDirectory(dir.resolve("new"));
  }

  static SourceKind kindOf(Path f) {
    String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".mbox") || n.endsWith(".mbx")) {
      return SourceKind.MBOX;
    }
    if (n.endsWith(".xml") || n.endsWith(".gz") || n.endsWith(".zip") || n.endsWith(".eml")) {
      return SourceKind.FILE;
    }
    try (InputStream in = Files.newInputStream(f)) {
      byte[] head = in.readNBytes(5);
      if (head.length == 5
          && new String(head, java.nio.charset.StandardCharsets.US_ASCII).equals("From ")) {
        return SourceKind.MBOX;
      }
    } catch (IOException e) {
      // unreadable: the parser thread will report it when it opens the file
    }
    return SourceKind.FILE;
  }

  private static InputUnit unit(Path f, SourceKind kind) {
    String name = f.toString();
    return new InputUnit(name, new Provenance(kind, name, null, null, null)) {
      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(f);
      }
    };
  }
}
