package io.flashguard.jobs.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

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
            RemoteIterator<LocatedFileStatus> inside = fs.listFiles(match.getPath(), true);
            while (inside.hasNext()) {
              Path file = inside.next().getPath();
              if (isData(file, extensions)) {
                files.add(file.toString());
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
    Path path = new Path(file);
    InputStream in = path.getFileSystem(conf).open(path);
    if (file.toLowerCase(Locale.ROOT).endsWith(".gz")) {
      in = new GZIPInputStream(in, 64 * 1024);
    }
    BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 256 * 1024);
    reader.mark(1);
    if (reader.read() != BOM) {
      reader.reset();
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
}
