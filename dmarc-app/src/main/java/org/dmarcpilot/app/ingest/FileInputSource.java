// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dmarcpilot.app.store.Provenance;
import org.dmarcpilot.app.store.SourceKind;
import org.jspecify.annotations.Nullable;

/**
 * Files and folders (recursive), mbox files and Maildirs. A folder with {@code cur} and {@code new}
 * is a Maildir: each file in {@code cur} and {@code new} is one message ({@code tmp} is skipped, as
 * messages there are still being written, and so are the files of the Maildir folder itself, such
 * as Dovecot's {@code dovecot-uidlist} and index files, which are not mail; its subfolders are
 * walked). A file named {@code *.mbox} or starting with an mbox {@code From } line is an mbox,
 * split into messages by the parser. Hidden files are skipped. Nothing is moved or deleted.
 *
 * <p>Every path given must exist, or nothing is read. Named pipes, sockets, devices and links to
 * folders are never opened (a pipe would block, a device never end, a link may loop): each is
 * rejected by name, as is a file or folder that cannot be opened, and the walk goes on.
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
    List<BasicFileAttributes> found = new ArrayList<>();
    for (Path p : paths) { // all before any: a mistyped path must not leave an ingest half done
      try {
        found.add(Files.readAttributes(p, BasicFileAttributes.class));
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(p.toString(), null, "no such file or folder");
      } catch (IOException e) {
        throw new IOException(p + ": " + InputReader.describe(e), e);
      }
    }
    for (int i = 0; i < paths.size(); i++) {
      Path p = paths.get(i);
      BasicFileAttributes attrs = found.get(i);
      if (attrs.isDirectory()) {
        walk(p, sink);
      } else if (!attrs.isRegularFile()) {
        sink.accept(refused(p, SourceKind.FILE, NOT_A_FILE));
      } else {
        sink.accept(unit(p, isMaildirMessage(p) ? SourceKind.MAILDIR : kindOf(p), attrs.size()));
      }
    }
  }

  /**
   * Why a named pipe, socket or device is not read: opening a named pipe waits for a writer
   * forever, and a device such as {@code /dev/zero} never ends.
   */
  static final String NOT_A_FILE = "not a regular file (a named pipe, socket or device); not read";

  /** Why a link to a folder met in a walk is not followed: links can loop. */
  static final String LINKED_FOLDER =
      "a symbolic link to a folder; links to folders are not followed (name the folder itself)";

  /**
   * Walks a folder tree once: the file attributes come with the walk, and whether a folder is a
   * Maildir is looked up once per folder, not per file.
   */
  private void walk(Path root, Sink sink) throws IOException, InterruptedException {
    Map<Path, Boolean> maildirs = new HashMap<>();
    InterruptedException[] interrupted = new InterruptedException[1];
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
            Path name = f.getFileName();
            if (name == null || name.toString().startsWith(".")) {
              return FileVisitResult.CONTINUE;
            }
            long size = attrs.size();
            String refusal = null;
            if (attrs.isSymbolicLink()) {
              size = -1; // a link to a file counts as the file
              if (Files.isDirectory(f)) {
                refusal = LINKED_FOLDER;
              } else if (!Files.isRegularFile(f)) {
                refusal = Files.exists(f) ? NOT_A_FILE : "a symbolic link to nothing";
              }
            } else if (!attrs.isRegularFile()) {
              refusal = NOT_A_FILE;
            }
            if (refusal != null) {
              return accept(sink, refused(f, SourceKind.FILE, refusal));
            }
            Path parent = f.getParent();
            String dir =
                parent == null || parent.getFileName() == null
                    ? ""
                    : parent.getFileName().toString();
            SourceKind kind = null;
            if ((dir.equals("tmp") || dir.equals("cur") || dir.equals("new"))
                && maildirs.computeIfAbsent(parent.getParent(), FileInputSource::isMaildir)) {
              if (dir.equals("tmp")) {
                return FileVisitResult.CONTINUE;
              }
              kind = SourceKind.MAILDIR;
            } else if (parent != null
                && maildirs.computeIfAbsent(parent, FileInputSource::isMaildir)) {
              // the Maildir's own files (dovecot-uidlist, index files, maildirfolder): not mail
              return FileVisitResult.CONTINUE;
            }
            return accept(sink, unit(f, kind != null ? kind : kindOf(f), size));
          }

          private FileVisitResult accept(Sink sink, InputUnit unit) {
            try {
              sink.accept(unit);
            } catch (InterruptedException e) {
              interrupted[0] = e;
              return FileVisitResult.TERMINATE;
            }
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            // a folder or file that cannot be opened (permissions) is rejected by name; the walk
            // goes on with the others
            return accept(sink, refused(f, SourceKind.FILE, InputReader.describe(e)));
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, @Nullable IOException e) {
            maildirs.remove(d); // only the folders above the walk's position matter
            if (e != null) { // the listing broke off: what it gave was read, the rest is named
              return accept(
                  sink,
                  refused(
                      d,
                      SourceKind.FILE,
                      "the folder could not be read to its end: " + InputReader.describe(e)));
            }
            return FileVisitResult.CONTINUE;
          }
        });
    if (interrupted[0] != null) {
      throw interrupted[0];
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

  private static boolean isMaildir(@Nullable Path dir) {
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

  private static InputUnit unit(Path f, SourceKind kind, long size) {
    String name = f.toString();
    return new InputUnit(name, new Provenance(kind, name, null, null, null)) {
      @Override
      public InputStream open() throws IOException {
        // checked again when read: a file replaced by a named pipe would block the open forever
        if (!Files.isRegularFile(f)) {
          throw new IOException(Files.exists(f) ? NOT_A_FILE : "no such file");
        }
        return Files.newInputStream(f);
      }

      @Override
      public long sizeHint() {
        return size;
      }
    };
  }

  /**
   * Why a file or folder could not be read, for a person: "permission denied", "no such file or
   * folder", or the file system's reason (the JDK's exceptions carry the path as their message).
   */
  public static String problem(IOException e) {
    return InputReader.describe(e);
  }

  /** An input that is not read: reading it fails with {@code why}, so it is rejected by name. */
  static InputUnit refused(Path f, SourceKind kind, String why) {
    String name = f.toString();
    return new InputUnit(name, new Provenance(kind, name, null, null, null)) {
      @Override
      public InputStream open() throws IOException {
        throw new IOException(why);
      }
    };
  }
}
