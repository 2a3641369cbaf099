package io.flashguard.core.warehouse;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

/**
 * A file whose content is replaced in one atomic rename: readers see the old content or the new
 * one, never a mix. The warehouse's table pointers, the model registry's {@code current} and the
 * daily reports use it.
 */
public final class AtomicFile {
  /** Writes a file's whole content. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFile() {}

  /**
   * The file context files go through: on a local disk, no .crc beside the file (renaming a pair is
   * not atomic), and no process per file ({@link NioLocalFileSystem}).
   */
  static FileContext files(Configuration conf, Path path) throws IOException {
    Configuration raw = new Configuration(conf);
    raw.set("fs.AbstractFileSystem.file.impl", NioLocalFs.Raw.class.getName());
    return FileContext.getFileContext(path.toUri(), raw);
  }

  /** Writes {@code text} beside {@code file} under a name unique to {@code writer}, then renames it over. */
  public static void replace(Configuration conf, Path file, String text, String writer) throws IOException {
    replace(files(conf, file), file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)), writer);
  }

  /** Writes {@code content} beside {@code file} under a name unique to {@code writer}, then renames it over. */
  public static void replace(Configuration conf, Path file, Content content, String writer) throws IOException {
    replace(files(conf, file), file, content, writer);
  }

  static void replace(FileContext files, Path file, String text, String writer) throws IOException {
    replace(files, file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)), writer);
  }

  private static void replace(FileContext files, Path file, Content content, String writer) throws IOException {
    Path temporary = new Path(file.getParent(), "." + file.getName() + ".tmp-" + writer);
    try (OutputStream out = files.create(temporary, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE),
        Options.CreateOpts.createParent())) {
      content.writeTo(out);
    } catch (IOException | RuntimeException e) {
      files.delete(temporary, false);
      throw e;
    }
    files.rename(temporary, file, Options.Rename.OVERWRITE);
  }
}
