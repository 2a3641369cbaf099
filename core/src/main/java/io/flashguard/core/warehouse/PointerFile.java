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
 * A small file whose content is replaced in one atomic rename: readers see the old text or the new
 * one, never a mix. The warehouse's table pointers and the model registry's {@code current} use it.
 */
public final class PointerFile {
  private PointerFile() {}

  /** The file context pointers go through: on a local disk, no .crc beside the pointer (renaming a pair is not atomic). */
  static FileContext files(Configuration conf, Path path) throws IOException {
    Configuration raw = new Configuration(conf);
    raw.set("fs.AbstractFileSystem.file.impl", "org.apache.hadoop.fs.local.RawLocalFs");
    return FileContext.getFileContext(path.toUri(), raw);
  }

  /** Writes {@code text} beside {@code pointer} under a name unique to {@code writer}, then renames it over. */
  public static void replace(Configuration conf, Path pointer, String text, String writer) throws IOException {
    replace(files(conf, pointer), pointer, text, writer);
  }

  static void replace(FileContext files, Path pointer, String text, String writer) throws IOException {
    Path temporary = new Path(pointer.getParent(), pointer.getName() + ".tmp-" + writer);
    try (OutputStream out = files.create(temporary, EnumSet.of(CreateFlag.CREATE, CreateFlag.OVERWRITE),
        Options.CreateOpts.createParent())) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    files.rename(temporary, pointer, Options.Rename.OVERWRITE);
  }
}
