// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.dmarcpilot.app.store.IngestFailure;
import org.dmarcpilot.app.store.ReportStore;
import org.dmarcpilot.app.store.ReportStores;
import org.dmarcpilot.app.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a folder can hold besides files: named pipes, devices, links that loop or lead nowhere, and
 * paths that do not exist. Each is rejected by name; none blocks, none is read without end, and the
 * other inputs are still read. The timeouts catch a hang; they measure nothing.
 */
class FileInputSourceTest {
  @TempDir Path dir;
  ReportStore store;

  @BeforeEach
  void open() {
    store = ReportStores.open(StoreConfig.inDataDir(dir.resolve("data")));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private Path file(String name, String content) throws IOException {
    Path p = dir.resolve("in").resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
    return p;
  }

  /** Runs the pipeline and returns the failure reasons by input name. */
  private Map<String, String> ingest(List<Path> paths, IngestSummary[] summary) throws Exception {
    IngestPipeline p =
        new IngestPipeline(
            store,
            IngestPipelineTest.LINES,
            IngestOptions.defaults().withParserThreads(2),
            IngestListener.NONE);
    summary[0] = p.run(List.of(new FileInputSource(paths)));
    Map<String, String> byPath = new TreeMap<>();
    for (IngestFailure f : store.failures(100)) {
      byPath.put(dir.relativize(Path.of(f.source().path())).toString(), f.reason());
    }
    return byPath;
  }

  private static boolean mkfifo(Path p) throws Exception {
    try {
      Process proc = new ProcessBuilder("mkfifo", p.toString()).start();
      return proc.waitFor(10, TimeUnit.SECONDS) && proc.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  @Timeout(60)
  void namedPipe_rejectedWithoutWaitingForAWriter() throws Exception {
    file("a.xml", "g,1,example.com,0,1\n");
    Path fifo = dir.resolve("in/pipe");
    assumeTrue(mkfifo(fifo), "mkfifo is not available");
    IngestSummary[] s = new IngestSummary[1];

    Map<String, String> failures = ingest(List.of(dir.resolve("in"), fifo), s);

    assertThat(s[0].reportsStored()).isEqualTo(1);
    assertThat(s[0].rejected()).isEqualTo(2); // met in the folder, and named itself
    assertThat(failures)
        .containsEntry(
            "in/pipe",
            fifo + ": cannot read: not a regular file (a named pipe, socket or device); not read");
  }

  @Test
  @Timeout(60)
  void linkToAnEndlessDevice_rejectedWithoutReadingIt() throws Exception {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero");
    file("a.xml", "g,1,example.com,0,1\n");
    Path link = Files.createSymbolicLink(dir.resolve("in/zero.xml"), zero);
    Path direct = Files.createSymbolicLink(dir.resolve("zero.xml"), zero);
    IngestSummary[] s = new IngestSummary[1];

    Map<String, String> failures = ingest(List.of(dir.resolve("in"), direct), s);

    assertThat(s[0].error()).isNull();
    assertThat(s[0].reportsStored()).isEqualTo(1);
    assertThat(failures)
        .containsOnlyKeys("in/zero.xml", "zero.xml")
        .containsEntry("in/zero.xml", link + ": cannot read: " + FileInputSource.NOT_A_FILE);
  }

  @Test
  @Timeout(60)
  void linkLoopsAndDanglingLinks_rejectedByName() throws Exception {
    file("sub/a.xml", "g,1,example.com,0,1\n");
    Path loop = Files.createSymbolicLink(dir.resolve("in/sub/loop"), Path.of(".."));
    Files.createSymbolicLink(dir.resolve("in/gone.xml"), dir.resolve("nowhere"));
    IngestSummary[] s = new IngestSummary[1];

    Map<String, String> failures = ingest(List.of(dir.resolve("in")), s);

    assertThat(s[0].reportsStored()).isEqualTo(1);
    assertThat(failures)
        .containsEntry("in/sub/loop", loop + ": cannot read: " + FileInputSource.LINKED_FOLDER)
        .hasEntrySatisfying(
            "in/gone.xml", r -> assertThat(r).endsWith("a symbolic link to nothing"));
  }

  @Test
  void missingPath_endsTheIngestBeforeAnyInputIsRead() throws Exception {
    // a missing path in the middle stopped the walk there: the paths before it were stored, the
    // ones after it were not, and only the missing one was named
    Path a = file("a.xml", "g,1,example.com,0,1\n");
    Path missing = dir.resolve("in/missing.xml");
    Path b = file("b.xml", "g,2,example.com,0,1\n");
    IngestSummary[] s = new IngestSummary[1];

    ingest(List.of(a, missing, b), s);

    assertThat(s[0].error())
        .isEqualTo("cannot read 3 paths: " + missing + ": no such file or folder");
    assertThat(s[0].inputs()).isZero();
    assertThat(store.totals().reports()).isZero();
  }

  /**
   * A Maildir folder holds its server's own files beside {@code cur}, {@code new} and {@code tmp}
   * (Dovecot's {@code dovecot-uidlist} and index files, Courier's {@code courierimapuiddb}): they
   * are not mail. Each was rejected as "not a report", so that every ingest of a Dovecot Maildir
   * ended with exit code 1 and filled the failure log; {@code show} skipped them all along.
   */
  @Test
  void maildirsOwnFiles_notTakenForMessages() throws Exception {
    file("Maildir/new/1.host", "g,1,example.com,0,1\n");
    file("Maildir/cur/2.host:2,S", "g,2,example.com,0,1\n");
    file("Maildir/tmp/3.host", "g,3,example.com,0,1\n");
    file("Maildir/dovecot-uidlist", "3 V1 N4\n");
    file("Maildir/dovecot.index.cache", "\u0001\u0002 binary\n");
    file("Maildir/.Reports/cur/4.host:2,", "g,4,example.com,0,1\n"); // a Maildir++ subfolder
    file("Maildir/.Reports/maildirfolder", "");
    Files.createDirectories(dir.resolve("in/Maildir/.Reports/new"));
    IngestSummary[] s = new IngestSummary[1];

    Map<String, String> failures = ingest(List.of(dir.resolve("in")), s);

    assertThat(failures).isEmpty();
    assertThat(s[0].reportsStored()).isEqualTo(3);
    assertThat(s[0].rejected()).isZero();
  }
}
