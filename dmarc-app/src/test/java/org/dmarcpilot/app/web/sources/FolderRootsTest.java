// SPDX-License-Identifier: Apache-2.0
package org.dmarcpilot.app.web.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderRootsTest {
  @TempDir Path dir;

  @Test
  void parse_commaSeparatedAbsoluteFolders_blanksIgnored() {
    FolderRoots r = FolderRoots.parse(" /srv/a , ,/srv/b/../c,", dir, List.of());
    assertThat(r.roots()).containsExactly(Path.of("/srv/a"), Path.of("/srv/c"));
    assertThat(FolderRoots.parse("", dir, List.of()).roots()).isEmpty();
  }

  @Test
  void parse_relativeFolder_refusedNamingTheKey() {
    assertThatThrownBy(() -> FolderRoots.parse("/srv/a,reports", dir, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("web.folder-roots: not an absolute folder: reports");
  }

  @Test
  void refusal_insideARootOrTheRootItself_allowed() throws Exception {
    Path root = Files.createDirectories(dir.resolve("drop"));
    Path sub = Files.createDirectories(root.resolve("a/b"));
    FolderRoots r = new FolderRoots(List.of(root), dir.resolve("data"), List.of());
    assertThat(r.refusal(root)).isEmpty();
    assertThat(r.refusal(sub)).isEmpty();
    assertThat(r.outside(sub)).isEmpty();
  }

  @Test
  void refusal_aRootThatIsALink_comparedOnItsRealPath() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real/in"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));
    FolderRoots r = new FolderRoots(List.of(link), dir.resolve("data"), List.of());
    assertThat(r.outside(real)).isEmpty();
    assertThat(r.refusal(real)).isEmpty();
    assertThat(r.refusal(link.resolve("in"))).isEmpty();
  }

  @Test
  void refusal_dotDotOrLinkOutOfTheRoot_refused() throws Exception {
    Path root = Files.createDirectories(dir.resolve("drop"));
    Path other = Files.createDirectories(dir.resolve("other"));
    Path link = Files.createSymbolicLink(root.resolve("escape"), other);
    FolderRoots r = new FolderRoots(List.of(root), dir.resolve("data"), List.of());
    assertThat(r.outside(root.resolve("../other"))).get().asString().contains("is not inside");
    assertThat(r.outside(link)).isEmpty(); // lexically inside: the real path decides
    assertThat(r.refusal(link))
        .get()
        .asString()
        .isEqualTo(
            "The folder "
                + link
                + " (really "
                + other.toRealPath()
                + ") is not inside a folder the administrator allows (web.folder-roots): "
                + root
                + ".");
  }

  @Test
  void refusal_theDataDirectoryAFolderInItOrAbove_refusedEvenInsideARoot() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Path inside = Files.createDirectories(data.resolve("geoip"));
    FolderRoots r = new FolderRoots(List.of(Path.of("/")), data, List.of());
    assertThat(r.refusal(data)).get().asString().contains(" is in the data directory");
    assertThat(r.refusal(inside)).get().asString().contains(" is in the data directory");
    assertThat(r.refusal(dir)).get().asString().contains(" contains the data directory");
    assertThat(r.refusal(Path.of("/"))).get().asString().contains(" contains the data directory");
    // reached through a link
    Path link = Files.createSymbolicLink(dir.resolve("keys"), data);
    assertThat(r.refusal(link)).get().asString().contains("(really " + data.toRealPath() + ")");
  }

  @Test
  void refusal_aFolderHoldingTheConfigurationFile_refused() throws Exception {
    Path etc = Files.createDirectories(dir.resolve("etc/dmarcpilot"));
    Path config = Files.writeString(etc.resolve("config.properties"), "db.password=x\n");
    Path other = Files.createDirectories(dir.resolve("etc/other"));
    FolderRoots r = new FolderRoots(List.of(dir), dir.resolve("data"), List.of(config));
    assertThat(r.refusal(etc))
        .get()
        .asString()
        .isEqualTo(
            "The folder "
                + etc
                + " contains the configuration file "
                + config.toRealPath()
                + ": it can never be watched.");
    assertThat(r.refusal(dir.resolve("etc"))).isPresent();
    assertThat(r.refusal(other)).isEmpty();
  }

  @Test
  void refusal_noRoots_everyFolderRefused_namingTheKeyAndVariable() throws Exception {
    FolderRoots r = new FolderRoots(List.of(), dir.resolve("data"), List.of());
    String why = FolderRoots.turnedOff();
    assertThat(why).contains("web.folder-roots").contains("DMARCPILOT_WEB_FOLDER_ROOTS");
    assertThat(r.outside(dir)).contains(why);
    assertThat(r.refusal(Files.createDirectories(dir.resolve("in")))).contains(why);
  }
}
