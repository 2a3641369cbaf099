package io.flashguard.jobs.ingest;

import io.flashguard.core.warehouse.FaultPoint;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Input files cut into ranges of whole lines, so that a large file is parsed by several tasks and
 * every line still gets its exact number.
 *
 * <p>A file longer than {@code maxBytes} (Spark's {@code spark.sql.files.maxPartitionBytes}, as its
 * own file sources use) is cut every {@code maxBytes} bytes, as Hadoop's line reader cuts text:
 * each cut holds the lines that start inside it. One Spark task per cut scans its bytes for line
 * ends, counting lines as {@link java.io.BufferedReader#readLine} does ("\n", "\r\n" or a lone
 * "\r"); the driver adds the counts up to number each range's first line. That scan reads the file
 * once more, byte by byte, before it is parsed. A gzip-compressed file cannot be read from its
 * middle and stays one range, as does a file of {@code maxBytes} or less. Every range but a file's first
 * starts right after a "\n", a byte that no other character's UTF-8 encoding contains.
 */
final class LineRanges {
  private static final int BUFFER = 1 << 16;

  private LineRanges() {}

  /** The ranges of {@code files}, in the files' order, then in their order within a file. */
  static List<LineRange> of(JavaSparkContext context, List<String> files, long maxBytes) {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("spark.sql.files.maxPartitionBytes must be positive: " + maxBytes);
    }
    Configuration conf = context.hadoopConfiguration();
    List<Cut> cuts = new ArrayList<>();
    int[] cutsOfFile = new int[files.size()];
    for (int f = 0; f < files.size(); f++) {
      String file = files.get(f);
      long length = length(conf, file);
      if (!file.toLowerCase(Locale.ROOT).endsWith(".gz") && length > maxBytes) {
        for (long from = 0; from < length; from += maxBytes) {
          cuts.add(new Cut(file, from, Math.min(from + maxBytes, length)));
          cutsOfFile[f]++;
        }
      }
    }
    List<Cut> scanned = cuts.isEmpty() ? List.of()
        : context.parallelize(cuts, cuts.size()).map(cut -> cut.scan(new Configuration())).collect();
    List<LineRange> ranges = new ArrayList<>();
    int next = 0;
    for (int f = 0; f < files.size(); f++) {
      if (cutsOfFile[f] == 0) {
        ranges.add(LineRange.whole(files.get(f)));
        continue;
      }
      long firstLine = 1;
      for (int last = next + cutsOfFile[f]; next < last; next++) {
        Cut cut = scanned.get(next);
        if (cut.lines > 0) {
          ranges.add(new LineRange(cut.file, cut.start, cut.end, firstLine));
        }
        firstLine += cut.lines;
      }
    }
    return ranges;
  }

  private static long length(Configuration conf, String file) {
    try {
      Path path = new Path(file);
      return path.getFileSystem(conf).getFileStatus(path).getLen();
    } catch (IOException e) {
      throw new InputFileException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  /**
   * The bytes {@code [from, to)} of a file as a scan finds them: the lines that start in them run from
   * {@code start} to {@code end} and number {@code lines}.
   */
  static final class Cut implements Serializable {
    private static final long serialVersionUID = 1L;

    final String file;
    final long from;
    final long to;
    long start = -1;
    long end = -1;
    long lines;

    Cut(String file, long from, long to) {
      this.file = file;
      this.from = from;
      this.to = to;
    }

    Cut scan(Configuration conf) {
      FaultPoint.failFirstTaskAttempt();
      Path path = new Path(file);
      try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
        scan(in);
        return this;
      } catch (IOException e) {
        throw new UncheckedIOException(file + ": cannot be read from byte " + from, e);
      }
    }

    /**
     * Finds the first line that starts at or after {@code from} (the byte after a "\n"), then counts
     * lines up to the first that starts at or after {@code to}, or the end of the file.
     */
    void scan(FSDataInputStream in) throws IOException {
      long position = Math.max(from - 1, 0);
      in.seek(position);
      start = from == 0 ? 0 : -1;
      byte previous = '\n';
      byte[] buffer = new byte[BUFFER];
      for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
        for (int i = 0; i < n; i++, position++) {
          byte b = buffer[i];
          if (start < 0) {
            if (b == '\n') {
              start = position + 1;
              if (start >= to) {
                end = start;
                return; // no line starts in this cut
              }
            }
            continue;
          }
          if (position >= to && previous == '\n') {
            end = position;
            return;
          }
          if (b == '\r' || (b == '\n' && previous != '\r')) {
            lines++;
          }
          previous = b;
        }
      }
      if (start < 0) {
        start = position;
      }
      end = position;
      if (end > start && previous != '\n' && previous != '\r') {
        lines++; // the file's last line, without a line end
      }
    }
  }
}
