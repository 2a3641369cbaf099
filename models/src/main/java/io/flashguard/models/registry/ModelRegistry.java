package io.flashguard.models.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.flashguard.core.BadInputException;
import io.flashguard.core.warehouse.AtomicFile;
import io.flashguard.core.warehouse.NioLocalFileSystem;
import io.flashguard.models.FraudType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.PipelineModel;

/**
 * The model registry under {@code <warehouse>/models/}: {@code <name>/<version>/} holds the Spark
 * {@code PipelineModel} ({@code pipeline/}), {@code model.json} and {@code checksums.sha256} (the
 * SHA-256 of every other file in the folder). {@code <name>/current} names the version scoring
 * uses; only {@link #promote} changes it.
 *
 * <p>Loading checks the manifest first and refuses a version whose files were changed, removed or
 * added since it was registered.
 */
public final class ModelRegistry {
  public static final String FOLDER = "models";
  static final String MANIFEST = "checksums.sha256";
  static final String CARD = "model.json";
  static final String PIPELINE = "pipeline";
  static final String CURRENT = "current";
  private static final DateTimeFormatter VERSION_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final Configuration conf;
  private final Path root;

  public ModelRegistry(Configuration conf, String warehouseRoot) {
    this.conf = conf;
    this.root = new Path(warehouseRoot, FOLDER);
  }

  /** A new version name: UTC time of registration and a random suffix. */
  public static String newVersion() {
    return VERSION_TIME.format(Instant.now()) + "-" + UUID.randomUUID().toString().substring(0, 6);
  }

  /** A loaded, verified model version. */
  public record RegisteredModel(FraudType type, String version, PipelineModel pipeline, ModelCard card) {}

  /**
   * Writes the model as {@code card.version()} of its fraud type's name; the version appears
   * complete or not at all (it is written aside and renamed into place). Does not promote it.
   */
  public void register(FraudType type, PipelineModel pipeline, ModelCard card) {
    Path folder = new Path(new Path(root, type.modelName()), card.version());
    Path staging = new Path(new Path(root, type.modelName()), "_staging-" + card.version());
    try {
      FileSystem fs = staging.getFileSystem(conf);
      pipeline.write().overwrite().save(staging.toString() + "/" + PIPELINE);
      write(fs, new Path(staging, CARD), JSON.writeValueAsBytes(card));
      StringBuilder manifest = new StringBuilder();
      checksums(fs, staging).forEach((file, sum) -> manifest.append(sum).append("  ").append(file).append('\n'));
      write(fs, new Path(staging, MANIFEST), manifest.toString().getBytes(StandardCharsets.UTF_8));
      if (!fs.rename(staging, folder)) {
        throw new IOException("could not move " + staging + " to " + folder);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("registering model " + type.modelName() + " " + card.version(), e);
    }
  }

  /** Makes {@code version} the one scoring uses, after checking it loads; one atomic rename. */
  public void promote(FraudType type, String version) {
    load(type, version);
    Path pointer = new Path(new Path(root, type.modelName()), CURRENT);
    try {
      AtomicFile.replace(conf, pointer, version + "\n", UUID.randomUUID().toString());
    } catch (IOException e) {
      throw new UncheckedIOException("promoting model " + type.modelName() + " " + version, e);
    }
  }

  /** The registered versions in {@code typeFolder}, oldest first (versions start with their time). */
  private static List<String> versions(FileSystem fs, Path typeFolder) throws IOException {
    if (!fs.exists(typeFolder)) {
      return List.of();
    }
    return Arrays.stream(fs.listStatus(typeFolder)).filter(FileStatus::isDirectory)
        .map(status -> status.getPath().getName()).filter(name -> !name.startsWith("_")).sorted().toList();
  }

  /** The promoted version of the fraud type, loaded and verified; empty if none was promoted. */
  public Optional<RegisteredModel> current(FraudType type) {
    Path pointer = new Path(new Path(root, type.modelName()), CURRENT);
    try {
      FileSystem fs = pointer.getFileSystem(conf);
      if (!fs.exists(pointer)) {
        return Optional.empty();
      }
      return Optional.of(load(type, new String(read(fs, pointer), StandardCharsets.UTF_8).trim()));
    } catch (IOException e) {
      throw new UncheckedIOException("reading the current version of model " + type.modelName(), e);
    }
  }

  /**
   * Loads a version after checking every file against its manifest.
   *
   * @throws BadInputException if no such version was registered (a user named it)
   * @throws ModelIntegrityException if a file is missing, changed or unexpected
   */
  public RegisteredModel load(FraudType type, String version) {
    Path folder = new Path(new Path(root, type.modelName()), version);
    try {
      FileSystem fs = folder.getFileSystem(conf);
      if (!fs.exists(folder)) {
        throw new BadInputException("model " + type.modelName() + " has no version " + version + " in "
            + folder.getParent() + "; registered: " + versions(fs, folder.getParent()));
      }
      if (!fs.exists(new Path(folder, MANIFEST))) {
        throw new ModelIntegrityException("model " + type.modelName() + " version " + version
            + " has no " + MANIFEST + " in " + folder + "; it was not registered by flashguard or is incomplete");
      }
      Map<String, String> expected = parseManifest(new String(read(raw(fs), new Path(folder, MANIFEST)), StandardCharsets.UTF_8));
      Map<String, String> actual = checksums(fs, folder);
      actual.remove(MANIFEST);
      for (Map.Entry<String, String> entry : expected.entrySet()) {
        String found = actual.get(entry.getKey());
        if (found == null) {
          throw new ModelIntegrityException(refusal(type, version, entry.getKey() + " is missing"));
        }
        if (!found.equals(entry.getValue())) {
          throw new ModelIntegrityException(refusal(type, version, entry.getKey() + " was changed"));
        }
      }
      actual.keySet().removeAll(expected.keySet());
      if (!actual.isEmpty()) {
        throw new ModelIntegrityException(refusal(type, version, "unexpected file(s) " + actual.keySet()));
      }
      ModelCard card = JSON.readValue(read(raw(fs), new Path(folder, CARD)), ModelCard.class);
      PipelineModel pipeline = PipelineModel.load(new Path(folder, PIPELINE).toString());
      return new RegisteredModel(type, version, pipeline, card);
    } catch (IOException e) {
      throw new UncheckedIOException("loading model " + type.modelName() + " " + version, e);
    }
  }

  /**
   * The card of a registered version, read without its pipeline or the manifest check: for showing
   * what a model that {@link #load} already verified was trained on and leans on.
   */
  public ModelCard card(FraudType type, String version) {
    Path file = new Path(new Path(new Path(root, type.modelName()), version), CARD);
    try {
      return JSON.readValue(read(raw(file.getFileSystem(conf)), file), ModelCard.class);
    } catch (IOException e) {
      throw new UncheckedIOException("reading the card of model " + type.modelName() + " " + version, e);
    }
  }

  private static String refusal(FraudType type, String version, String problem) {
    return "model " + type.modelName() + " version " + version + " does not match its " + MANIFEST + ": "
        + problem + "; register it again with flashguard train";
  }

  /**
   * SHA-256 of every file under {@code folder}, by path relative to it; sorted. Read through the
   * raw file system, so that a changed file is reported by this check rather than by Hadoop's own
   * {@code .crc} side files, which are left out.
   */
  private static Map<String, String> checksums(FileSystem checked, Path folder) throws IOException {
    FileSystem fs = raw(checked);
    Map<String, String> sums = new TreeMap<>();
    String prefix = fs.makeQualified(folder).toUri().getPath() + "/";
    for (FileStatus file : NioLocalFileSystem.filesUnder(fs, folder)) {
      String relative = file.getPath().toUri().getPath().substring(prefix.length());
      if (file.getPath().getName().startsWith(".") && file.getPath().getName().endsWith(".crc")) {
        continue;
      }
      sums.put(relative, sha256(read(fs, file.getPath())));
    }
    return sums;
  }

  private static FileSystem raw(FileSystem fs) {
    return fs instanceof ChecksumFileSystem local ? local.getRawFileSystem() : fs;
  }

  private static Map<String, String> parseManifest(String text) {
    Map<String, String> sums = new TreeMap<>();
    text.lines().filter(line -> !line.isBlank()).forEach(line -> {
      int gap = line.indexOf("  ");
      sums.put(line.substring(gap + 2), line.substring(0, gap));
    });
    return sums;
  }

  private static byte[] read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toByteArray();
    }
  }

  private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(file, true)) {
      out.write(bytes);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
