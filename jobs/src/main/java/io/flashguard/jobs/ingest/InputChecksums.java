package io.flashguard.jobs.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/** SHA-256 and size of input files as stored (compressed files as they are), one Spark task per file. */
public final class InputChecksums {
  /** A file's checksum and size in bytes. */
  public record Checksum(String sha256, long bytes) implements java.io.Serializable {}

  private InputChecksums() {}

  public static Map<String, Checksum> of(SparkSession spark, List<String> files) {
    if (files.isEmpty()) {
      return Map.of();
    }
    return new TreeMap<>(JavaSparkContext.fromSparkContext(spark.sparkContext())
        .parallelize(files, files.size())
        .mapToPair(file -> new Tuple2<>(file, checksum(file)))
        .collectAsMap());
  }

  private static Checksum checksum(String file) {
    Path path = new Path(file);
    try (InputStream in = path.getFileSystem(new Configuration()).open(path)) {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[1 << 16];
      long bytes = 0;
      int read;
      while ((read = in.read(buffer)) > 0) {
        digest.update(buffer, 0, read);
        bytes += read;
      }
      return new Checksum(HexFormat.of().formatHex(digest.digest()), bytes);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
