package io.flashguard.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local file system without processes does what Hadoop's does: each test makes the same calls
 * on both, in folders of their own, and compares what is on disk.
 */
class NioLocalFileSystemTest {
  @TempDir java.nio.file.Path temp;
  private FileSystem hadoops;
  private FileSystem ours;

  @BeforeEach
  void openBoth() throws IOException {
    Configuration conf = new Configuration();
    hadoops = FileSystem.newInstance(URI.create("file:///"), conf);
    ours = FileSystem.newInstance(URI.create("file:///"), sessionsHadoopSettings());
    assertThat(ours).as("the file system the local session settings name").isInstanceOf(NioLocalFileSystem.class);
  }

  @Test
  void filesAndFoldersGetThePermissionsHadoopGivesThem() throws IOException {
    for (String mode : List.of("640", "600", "755", "777", "444")) {
      FsPermission permission = new FsPermission(mode);
      assertThat(modeOf(ours, "o-" + mode, permission)).as("a file created with %s", mode)
          .isEqualTo(modeOf(hadoops, "h-" + mode, permission));
      assertThat(folderModeOf(ours, "od-" + mode, permission)).as("a folder made with %s", mode)
          .isEqualTo(folderModeOf(hadoops, "hd-" + mode, permission));
    }
    Path sticky = new Path(temp.toUri().toString(), "sticky");
    Path hadoopsSticky = new Path(temp.toUri().toString(), "hadoops-sticky");
    ours.mkdirs(sticky);
    hadoops.mkdirs(hadoopsSticky);
    ours.setPermission(sticky, new FsPermission("1777"));
    hadoops.setPermission(hadoopsSticky, new FsPermission("1777"));
    assertThat(unixMode(sticky)).as("a folder given the sticky bit, as an octal mode")
        .isEqualTo(unixMode(hadoopsSticky)).isEqualTo("1777");
    Path file = new Path(temp.toUri().toString(), "changed");
    ours.create(file).close();
    ours.setPermission(file, new FsPermission("604"));
    assertThat(posix(file)).as("a permission set afterwards").isEqualTo("rw----r--");
  }

  @Test
  void aLinkIsToldFromAFileWithoutReadlink() throws IOException {
    Path file = new Path(temp.toUri().toString(), "file");
    try (FSDataOutputStream out = ours.create(file)) {
      out.write(new byte[] {1, 2, 3});
    }
    Path link = new Path(temp.toUri().toString(), "link");
    Files.createSymbolicLink(temp.resolve("link"), temp.resolve("file"));

    FileStatus fileStatus = ours.getFileLinkStatus(file);
    assertThat(fileStatus.isSymlink()).as("a file is no link").isFalse();
    assertThat(fileStatus.getLen()).as("a file's length").isEqualTo(hadoops.getFileLinkStatus(file).getLen())
        .isEqualTo(3);
    // Hadoop tells a link by its path without the scheme ("readlink file:/..." finds nothing): the same here
    Path bareLink = new Path(temp.resolve("link").toString());
    for (Path path : List.of(link, bareLink)) {
      FileStatus hadoopsStatus = hadoops.getFileLinkStatus(path);
      FileStatus oursStatus = ours.getFileLinkStatus(path);
      assertThat(oursStatus.isSymlink()).as("%s is a link", path).isEqualTo(hadoopsStatus.isSymlink());
      if (hadoopsStatus.isSymlink()) {
        assertThat(oursStatus.getSymlink()).as("where %s points", path).isEqualTo(hadoopsStatus.getSymlink());
      }
    }
    assertThat(ours.getFileLinkStatus(bareLink).isSymlink()).as("a link named without the scheme").isTrue();
    Path missing = new Path(temp.toUri().toString(), "missing");
    assertThatThrownBy(() -> ours.getFileLinkStatus(missing)).as("a path that is not there")
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void theFileContextRefusesToRenameOverAnExistingFileAsDeltasLogNeeds() throws IOException {
    FileContext files = FileContext.getFileContext(temp.toUri(), sessionsHadoopSettings());
    Path first = new Path(temp.toUri().toString(), "00001.json.tmp");
    Path second = new Path(temp.toUri().toString(), "00001.json.other");
    Path commit = new Path(temp.toUri().toString(), "00001.json");
    for (Path path : List.of(first, second)) {
      try (FSDataOutputStream out = files.create(path, EnumSet.of(CreateFlag.CREATE))) {
        out.write(path.getName().getBytes(StandardCharsets.UTF_8));
      }
    }
    files.rename(first, commit);
    assertThatThrownBy(() -> files.rename(second, commit)).as("a second writer of the same version")
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(Files.readString(temp.resolve("00001.json"))).as("the first writer's content").isEqualTo("00001.json.tmp");
    files.rename(second, commit, Options.Rename.OVERWRITE);
    assertThat(Files.readString(temp.resolve("00001.json"))).as("replaced on request").isEqualTo("00001.json.other");
  }

  @Test
  void anAtomicFileIsReplacedWholeWithNothingLeftBeside() throws IOException {
    Path file = new Path(temp.toUri().toString(), "current");
    AtomicFile.replace(new Configuration(), file, "v1\n", "writer-1");
    AtomicFile.replace(new Configuration(), file, "v2\n", "writer-2");
    assertThat(Files.readString(temp.resolve("current"))).as("the last content").isEqualTo("v2\n");
    try (var listing = Files.list(temp)) {
      assertThat(listing.map(path -> path.getFileName().toString())).as("no temporary or checksum file")
          .containsExactly("current");
    }
  }

  @Test
  void filesUnderAFolderAreTheFilesHadoopListsThere() throws IOException {
    Path root = new Path(temp.toUri().toString(), "tree");
    for (String name : List.of("a.csv", "x/b.csv", "x/y/c.csv.gz", "x/y/z/d.txt")) {
      ours.create(new Path(root, name)).close();
    }
    ours.mkdirs(new Path(root, "empty/folder"));
    FileSystem raw = ((ChecksumFileSystem) ours).getRawFileSystem();
    assertThat(paths(NioLocalFileSystem.filesUnder(ours, root))).as("the files at every depth")
        .containsExactlyInAnyOrderElementsOf(listed(ours, root)).hasSize(4);
    assertThat(paths(NioLocalFileSystem.filesUnder(raw, root))).as("with their checksum files, from the raw file system")
        .containsExactlyInAnyOrderElementsOf(listed(raw, root)).hasSize(8);
  }

  private static List<String> listed(FileSystem fs, Path root) throws IOException {
    List<String> listed = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> files = fs.listFiles(root, true);
    while (files.hasNext()) {
      listed.add(files.next().getPath().toString());
    }
    return listed;
  }

  private static List<String> paths(List<FileStatus> files) {
    return files.stream().map(status -> status.getPath().toString()).toList();
  }

  /** Hadoop's settings as a local session has them (Spark passes on its "spark.hadoop." settings). */
  private static Configuration sessionsHadoopSettings() {
    Configuration conf = new Configuration();
    Warehouse.LOCAL_SESSION_SETTINGS.forEach((key, value) -> {
      if (key.startsWith("spark.hadoop.")) {
        conf.set(key.substring("spark.hadoop.".length()), value);
      }
    });
    return conf;
  }

  private String modeOf(FileSystem fs, String name, FsPermission permission) throws IOException {
    Path file = new Path(temp.toUri().toString(), name);
    fs.create(file, permission, false, 4096, (short) 1, 1 << 20, null).close();
    return posix(file);
  }

  private String folderModeOf(FileSystem fs, String name, FsPermission permission) throws IOException {
    Path folder = new Path(temp.toUri().toString(), name + "/inner");
    assertThat(fs.mkdirs(folder, permission)).as("mkdirs %s", folder).isTrue();
    return posix(folder);
  }

  private static String unixMode(Path path) throws IOException {
    int mode = (Integer) Files.getAttribute(java.nio.file.Path.of(path.toUri()), "unix:mode");
    return Integer.toOctalString(mode & 07777);
  }

  private static String posix(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(java.nio.file.Path.of(path.toUri())));
  }
}
