package io.flashguard.core.warehouse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}) without a process per file. Without Hadoop's native
 * library, which no Maven artifact carries, {@link RawLocalFileSystem} sets the permissions of every
 * file and folder it creates by running {@code chmod}, and looks for a symbolic link before every
 * rename of Delta's log by running {@code readlink}: 784 processes in the demo, a few milliseconds
 * each (docs/benchmarks.md, "a process per file written"). This one does both through
 * {@code java.nio}, with the same outcome; everything else is Hadoop's.
 *
 * <p>Named by {@code fs.file.impl} ({@link Warehouse#LOCAL_SESSION_SETTINGS}); Hadoop's
 * {@code FileContext}, which Delta's log store uses, reaches it through {@link NioLocalFs}.
 */
public class NioLocalFileSystem extends LocalFileSystem {
  public NioLocalFileSystem() {
    super(new Raw());
  }

  /** The files under {@code folder}, at any depth, without asking for their owners or permissions. */
  public static List<FileStatus> filesUnder(FileSystem fs, Path folder) throws IOException {
    // FileSystem.listFiles would: its LocatedFileStatus copies the permission, which Hadoop's local
    // file system reads by running "ls -ld" for each file
    List<FileStatus> files = new ArrayList<>();
    for (FileStatus status : fs.listStatus(folder)) {
      if (status.isDirectory()) {
        files.addAll(filesUnder(fs, status.getPath()));
      } else {
        files.add(status);
      }
    }
    return files;
  }

  /** The local file system itself, the part that touches files. */
  static final class Raw extends RawLocalFileSystem {
    /** Java's permission for each bit of a Unix mode, lowest bit first. */
    private static final PosixFilePermission[] BITS = {
        PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
        PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};

    @Override
    public void setPermission(Path path, FsPermission permission) throws IOException {
      short mode = permission.toShort();
      if ((mode & ~0777) != 0) {
        super.setPermission(path, permission); // the sticky bit, which java.nio cannot set: Hadoop's chmod
        return;
      }
      Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
      for (int bit = 0; bit < BITS.length; bit++) {
        if ((mode & (1 << bit)) != 0) {
          set.add(BITS[bit]);
        }
      }
      Files.setPosixFilePermissions(pathToFile(path).toPath(), set);
    }

    @Override
    public FileStatus getFileLinkStatus(Path path) throws IOException {
      // Hadoop runs "readlink" to tell a link from a file; a file or folder is its own status
      return Files.isSymbolicLink(pathToFile(path).toPath()) ? super.getFileLinkStatus(path) : getFileStatus(path);
    }
  }
}
