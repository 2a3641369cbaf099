package io.flashguard.core.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Instant;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;

/**
 * One writer per warehouse: the file {@code _lock} under the root, created only if absent. It names
 * the run, host and process that hold it. A lock left by a process of this host that no longer runs
 * (killed) is taken over; any other lock is reported and never broken.
 *
 * <p>On a local disk the file is created with {@code O_EXCL} ({@link Files#createFile}): of two
 * processes that start together exactly one gets it. Hadoop's own local file system checks for the
 * file and then creates it, which two processes can both pass. On other file systems the create is
 * as atomic as the store makes it (HDFS: atomic; object stores: see docs/operations.md, where Delta's
 * own commit protocol is what keeps concurrent writers apart).
 */
public final class WarehouseLock implements AutoCloseable {
  private static final String FILE = "_lock";

  private final FileSystem fs;
  private final Path path;
  private final String owner;

  private WarehouseLock(FileSystem fs, Path path, String owner) {
    this.fs = fs;
    this.path = path;
    this.owner = owner;
  }

  /** Takes the lock of {@code warehouse} for {@code runId}, or throws {@link WarehouseBusyException}. */
  public static WarehouseLock acquire(Configuration conf, Warehouse warehouse, String runId, String command) {
    Path path = new Path(warehouse.root(), FILE);
    String owner = String.join("\n", "run " + runId, "command " + command, "host " + host(),
        "pid " + ProcessHandle.current().pid(), "since " + Instant.now()) + "\n";
    try {
      FileSystem fs = path.getFileSystem(conf);
      fs.mkdirs(path.getParent());
      for (int attempt = 0; attempt < 2; attempt++) {
        if (createIfAbsent(fs, path, owner)) {
          return new WarehouseLock(fs, path, owner);
        }
        String holder = read(fs, path);
        if (attempt > 0 || !heldByDeadProcessOfThisHost(holder)) {
          throw new WarehouseBusyException(path, holder);
        }
        fs.delete(path, false);
      }
      throw new WarehouseBusyException(path, read(fs, path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot take the lock " + path, e);
    }
  }

  /**
   * Creates the lock file with {@code owner} in it unless it exists. A reader can find it empty for
   * a moment after its creation; an empty lock names no process, so it is never taken over.
   */
  private static boolean createIfAbsent(FileSystem fs, Path path, String owner) throws IOException {
    byte[] bytes = owner.getBytes(StandardCharsets.UTF_8);
    try {
      if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
        java.nio.file.Path file = Paths.get(fs.makeQualified(path).toUri());
        Files.write(Files.createFile(file), bytes);
      } else {
        try (OutputStream out = fs.create(path, false)) {
          out.write(bytes);
        }
      }
      return true;
    } catch (FileAlreadyExistsException | java.nio.file.FileAlreadyExistsException e) {
      return false;
    }
  }

  @Override
  public void close() {
    try {
      if (fs.exists(path) && owner.equals(read(fs, path))) {
        fs.delete(path, false);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot release the lock " + path, e);
    }
  }

  private static boolean heldByDeadProcessOfThisHost(String holder) {
    String host = field(holder, "host");
    String pid = field(holder, "pid");
    if (host == null || pid == null || !host.equals(host())) {
      return false;
    }
    try {
      return ProcessHandle.of(Long.parseLong(pid)).map(process -> !process.isAlive()).orElse(true);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static String field(String holder, String name) {
    return holder.lines().filter(line -> line.startsWith(name + " ")).map(line -> line.substring(name.length() + 1))
        .findFirst().orElse(null);
  }

  private static String read(FileSystem fs, Path path) throws IOException {
    try (var in = fs.open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.FileNotFoundException e) {
      return "";
    }
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }
}
