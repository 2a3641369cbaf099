package io.flashguard.jobs.run;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM options Spark needs on Java 17 ({@code -XX:+IgnoreUnrecognizedVMOptions} and the
 * {@code --add-opens} list), flashguard's garbage collector (the parallel one, docs/benchmarks.md,
 * "the garbage collector") and its JIT thresholds (C2 for hot code only, "the JIT"), as the build
 * wrote them into {@code flashguard/jvm-options} for the launcher, the notebooks' kernel and every
 * JVM flashguard starts for itself (benchmarks, tests that run a command in a process of its own).
 */
public final class SparkJvmOptions {
  private static final String RESOURCE = "/flashguard/jvm-options";

  private SparkJvmOptions() {}

  public static List<String> list() {
    try (InputStream in = SparkJvmOptions.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE.substring(1) + " is not on the classpath (build the jobs module)");
      }
      return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
