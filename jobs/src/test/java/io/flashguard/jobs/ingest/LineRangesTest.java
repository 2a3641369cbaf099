package io.flashguard.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.testing.SparkTestBase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * A file cut into ranges reads as the same numbered lines as the whole file, whatever the size of
 * the cuts and whichever line ends it uses.
 */
class LineRangesTest extends SparkTestBase {
  private static final String BOM = "\uFEFF";

  @TempDir
  Path temp;

  @Test
  void everyCutOfAFileReadsAsItsLinesWithTheirNumbers() throws IOException {
    List<String> texts = List.of(
        BOM + "header\nfirst,line\nsecond,line\n\nfourth,line after an empty one\n",
        "crlf\r\nline two\r\n\r\nline four, no line end",
        "lone\rcarriage\rreturns\r\r\nthen crlf\r\nand\nnewlines\n",
        "short\n" + "a line longer than several cuts ".repeat(8) + "\nshort again\nÿ€ multibyte 😀 characters\n");
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    for (int t = 0; t < texts.size(); t++) {
      String text = texts.get(t);
      Path file = temp.resolve("text-" + t + ".csv");
      Files.write(file, text.getBytes(StandardCharsets.UTF_8));
      List<String> whole = linesOf(text.startsWith(BOM) ? text.substring(1) : text);
      for (long maxBytes : new long[] {1, 2, 3, 7, 16, 40, 1_000}) {
        List<LineRange> ranges = LineRanges.of(context, List.of(file.toString()), maxBytes);
        List<String> numbered = new ArrayList<>();
        for (LineRange range : ranges) {
          try (BufferedReader reader = InputFiles.open(new Configuration(), range)) {
            long number = range.firstLine();
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
              numbered.add(number++ + ": " + line);
            }
          }
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < whole.size(); i++) {
          expected.add(i + 1 + ": " + whole.get(i));
        }
        assertThat(numbered).as("text %d cut every %d bytes", t, maxBytes).isEqualTo(expected);
        if (maxBytes < text.length() / 2) {
          assertThat(ranges).as("text %d cut every %d bytes is read by several tasks", t, maxBytes).hasSizeGreaterThan(1);
        }
      }
    }
  }

  @Test
  void aCompressedOrSmallFileIsOneRange() throws IOException {
    Path small = temp.resolve("small.csv");
    Files.writeString(small, "a\nb\n");
    Path compressed = temp.resolve("big.csv.gz");
    Files.write(compressed, new byte[4_096]);
    JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
    assertThat(LineRanges.of(context, List.of(small.toString(), compressed.toString()), 100))
        .as("a file of at most 100 bytes, and a gzip file of 4 kB that cannot be read from its middle")
        .containsExactly(LineRange.whole(small.toString()), LineRange.whole(compressed.toString()));
  }

  @Test
  void rangesAndCutsTravelWithKryoAsWellAsWithJavaSerialization() throws IOException {
    LineRange range = new LineRange("file:/in/events.csv", 134_217_728, 268_435_456, 1_048_577);
    Path file = temp.resolve("cut.csv");
    Files.writeString(file, "header\nfirst\nsecond\n");
    LineRanges.Cut cut = new LineRanges.Cut(file.toString(), 3, 12).scan(new Configuration());
    for (Serializer serializer : List.of(new JavaSerializer(new SparkConf()), new KryoSerializer(new SparkConf()))) {
      SerializerInstance instance = serializer.newInstance();
      String name = serializer.getClass().getSimpleName();
      ClassTag<LineRange> rangeTag = ClassTag$.MODULE$.apply(LineRange.class);
      assertThat(instance.<LineRange>deserialize(instance.serialize(range, rangeTag), rangeTag))
          .as("a range after %s", name).isEqualTo(range);
      ClassTag<LineRanges.Cut> cutTag = ClassTag$.MODULE$.apply(LineRanges.Cut.class);
      LineRanges.Cut back = instance.deserialize(instance.serialize(cut, cutTag), cutTag);
      assertThat(List.of(back.file, back.from, back.to, back.start, back.end, back.lines))
          .as("a scanned cut after %s: bytes 3 to 11 hold the one line that starts at 7, up to 13", name)
          .isEqualTo(List.of(file.toString(), 3L, 12L, 7L, 13L, 1L));
    }
  }

  private static List<String> linesOf(String text) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new StringReader(text))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lines.add(line);
      }
    }
    return lines;
  }
}
