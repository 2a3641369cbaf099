package io.flashguard.jobs.ingest;

import io.flashguard.core.warehouse.NioLocalFileSystem;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Input paths of docs/input-formats.md: a file, a directory (every file inside with a matching extension, hidden
 * and {@code _}-prefixed files skipped) or a glob, on any Hadoop-compatible file system. Files are
 * UTF-8, optionally gzip-compressed ({@code .gz}); a leading BOM is dropped.
 */
final class InputFiles {
  private static final char BOM = '\uFEFF';

  private InputFiles() {}

  /** The files a path names, sorted so that every run sees them in the same order. */
  static List<String> expand(Configuration conf, String pathOrGlob, List<String> extensions) {
    try {
      Path path = new Path(pathOrGlob);
      FileSystem fs = path.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(path);
      List<String> files = new ArrayList<>();
      if (matches != null) {
        for (FileStatus match : matches) {
          if (match.isDirectory()) {
            for (FileStatus inside : NioLocalFileSystem.filesUnder(fs, match.getPath())) {
              if (isData(inside.getPath(), extensions)) {
                files.add(inside.getPath().toString());
              }
            }
          } else {
            files.add(match.getPath().toString());
          }
        }
      }
      if (files.isEmpty()) {
        throw new InputFileException("no input files at '" + pathOrGlob + "' (looked for "
            + String.join(", ", extensions) + "): check the path");
      }
      files.sort(null);
      return files;
    } catch (IOException e) {
      throw new InputFileException("cannot list input '" + pathOrGlob + "': " + e.getMessage(), e);
    }
  }

  /** A reader over the file's text, decompressed if it ends in .gz, without a BOM. */
  static BufferedReader open(Configuration conf, String file) throws IOException {
    return open(conf, LineRange.whole(file));
  }

  /** A reader over a range's text: decompressed if the file ends in .gz (always whole), without a BOM. */
  static BufferedReader open(Configuration conf, LineRange range) throws IOException {
    Path path = new Path(range.file());
    FSDataInputStream file = path.getFileSystem(conf).open(path);
    InputStream in = file;
    if (range.file().toLowerCase(Locale.ROOT).endsWith(".gz")) {
      in = new GZIPInputStream(in, 64 * 1024);
    } else if (range.end() != LineRange.TO_THE_END) {
      file.seek(range.start());
      in = new Bounded(file, range.end() - range.start());
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 256 * 1024);
    if (range.holdsTheHeader()) {
      reader.mark(1);
      if (reader.read() != BOM) {
        reader.reset();
      }
    }
    return reader;
  }

  private static boolean isData(Path file, List<String> extensions) {
    String name = file.getName();
    if (name.startsWith(".") || name.startsWith("_")) {
      return false;
    }
    String lower = name.toLowerCase(Locale.ROOT);
    String plain = lower.endsWith(".gz") ? lower.substring(0, lower.length() - 3) : lower;
    return extensions.stream().anyMatch(plain::endsWith);
  }

  /** The next {@code remaining} bytes of a stream, then its end. */
  private static final class Bounded extends FilterInputStream {
    private long remaining;

    Bounded(InputStream in, long length) {
      super(in);
      this.remaining = length;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = in.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = in.read(buffer, offset, (int) Math.min(length, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(in.available(), remaining);
    }
  }
}
