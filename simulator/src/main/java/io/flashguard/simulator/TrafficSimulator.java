package io.flashguard.simulator;

import io.flashguard.core.warehouse.JobGroup;
import io.flashguard.simulator.TrafficPlan.Country;
import io.flashguard.simulator.TrafficPlan.Route;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Writes synthetic flash-call traffic in the input formats of docs/input-formats.md: {@code cdr/},
 * {@code verifications/}, {@code reference/routes.csv}, {@code reference/cli_pool.csv} and
 * {@code labels.csv}. Generation
 * runs in Spark tasks (each verification depends only on seed, day and index), and output files
 * get stable names, so the same settings always give byte-identical files.
 */
public final class TrafficSimulator {
  private final SparkSession spark;
  private final SimulationSettings settings;

  public TrafficSimulator(SparkSession spark, SimulationSettings settings) {
    this.spark = spark;
    this.settings = settings;
  }

  /** Simulates every day into {@code out} (any Hadoop-compatible URI); returns verifications written. */
  public long run(String out) {
    return JobGroup.run(spark, "simulate-" + settings.seed(), "flashguard simulate " + settings, () -> {
      TrafficPlan plan = TrafficPlan.build(settings.countries(), settings.seed(), settings.honest().simBoxSims(),
          settings.honest().wholesaleRoute());
      VerificationGenerator generator = new VerificationGenerator(settings, plan);
      writeReference(out, plan);
      long total = 0;
      List<Dataset<Row>> labelsPerDay = new ArrayList<>();
      for (int d = 0; d < settings.days(); d++) {
        LocalDate day = settings.startDate().plusDays(d);
        Dataset<Long> ordinary = spark.range(0, generator.ordinaryCount(day), 1, settings.partitions());
        Dataset<Long> burst = spark.range(0, generator.burstMemberCount(), 1, 1);
        Dataset<Long> campaign = spark.range(0, generator.campaignMemberCount(), 1, 1);
        int burstSize = settings.burstSize();
        int campaignSize = settings.honest().campaignSize();
        Generate ordinaryOf = id -> generator.ordinary(day, id);
        Generate burstOf = id -> generator.burstMember(day, (int) (id / burstSize), (int) (id % burstSize));
        Generate campaignOf = id -> generator.campaignMember(day, (int) (id / campaignSize), id % campaignSize);
        writeCsv(out + "/cdr", "cdr-" + day, SimulatedVerification.CDR_COLUMNS,
            lines(ordinary, ordinaryOf, SimulatedVerification::legs)
                .union(lines(burst, burstOf, SimulatedVerification::legs))
                .union(lines(campaign, campaignOf, SimulatedVerification::legs)));
        writeCsv(out + "/verifications", "events-" + day, SimulatedVerification.EVENT_COLUMNS,
            lines(ordinary, ordinaryOf, SimulatedVerification::events)
                .union(lines(burst, burstOf, SimulatedVerification::events))
                .union(lines(campaign, campaignOf, SimulatedVerification::events)));
        String decidedAt = VerificationGenerator.time(
            day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        Part label = v -> List.<String[]>of(new String[] {v.verificationId(), v.label(), "simulated", decidedAt});
        labelsPerDay.add(lines(ordinary, ordinaryOf, label).union(lines(burst, burstOf, label))
            .union(lines(campaign, campaignOf, label)));
        total += generator.ordinaryCount(day) + generator.burstMemberCount() + generator.campaignMemberCount();
      }
      writeCsv(out, "labels", SimulatedVerification.LABEL_COLUMNS,
          labelsPerDay.stream().reduce(Dataset::union).orElseThrow().coalesce(1));
      renameSingle(out, "labels-00000.csv", "labels.csv");
      return total;
    });
  }

  /** Generates the verification with a given index; serializable so tasks can run it. */
  private interface Generate extends Serializable {
    SimulatedVerification apply(long id);
  }

  /** Selects which lines of a verification go to a file. */
  private interface Part extends Serializable {
    List<String[]> of(SimulatedVerification verification);
  }

  private static Dataset<Row> lines(Dataset<Long> ids, Generate generate, Part part) {
    StructType schema = new StructType().add("fields", DataTypes.createArrayType(DataTypes.StringType));
    return ids.flatMap((FlatMapFunction<Long, Row>) id -> {
      List<Row> rows = new ArrayList<>();
      for (String[] fields : part.of(generate.apply(id))) {
        rows.add(RowFactory.create((Object) fields));
      }
      return rows.iterator();
    }, Encoders.row(schema));
  }

  /** Writes rows of string fields as CSV files with a header, named {@code <prefix>-NNNNN.csv}. */
  private void writeCsv(String dir, String prefix, String[] header, Dataset<Row> rows) {
    String staging = dir + "/_staging-" + prefix;
    List<org.apache.spark.sql.Column> columns = new ArrayList<>();
    for (int i = 0; i < header.length; i++) {
      columns.add(org.apache.spark.sql.functions.col("fields").getItem(i).as(header[i]));
    }
    rows.select(columns.toArray(new org.apache.spark.sql.Column[0]))
        .write()
        .mode("overwrite")
        .option("header", true)
        .csv(staging);
    try {
      Path stagingPath = new Path(staging);
      FileSystem fs = withoutChecksumFiles(stagingPath.getFileSystem(spark.sparkContext().hadoopConfiguration()));
      FileStatus[] parts = fs.globStatus(new Path(staging, "part-*"));
      Arrays.sort(parts);
      for (int i = 0; i < parts.length; i++) {
        Path target = new Path(dir, String.format(Locale.ROOT, "%s-%05d.csv", prefix, i));
        fs.delete(target, false);
        if (!fs.rename(parts[i].getPath(), target)) {
          throw new IOException("cannot move " + parts[i].getPath() + " to " + target);
        }
      }
      fs.delete(stagingPath, true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write simulated files under " + dir, e);
    }
  }

  private void renameSingle(String dir, String from, String to) {
    try {
      Path source = new Path(dir, from);
      FileSystem fs = withoutChecksumFiles(source.getFileSystem(spark.sparkContext().hadoopConfiguration()));
      fs.delete(new Path(dir, to), false);
      if (!fs.rename(source, new Path(dir, to))) {
        throw new IOException("cannot move " + source + " to " + to);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + to + " under " + dir, e);
    }
  }

  /** On a local disk, the raw file system: the simulated inputs should not come with .crc files. */
  private static FileSystem withoutChecksumFiles(FileSystem fs) {
    return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
  }

  private void writeReference(String out, TrafficPlan plan) {
    Map<String, List<String>> routes = new LinkedHashMap<>();
    List<List<String>> pool = new ArrayList<>();
    String validFrom = settings.startDate().minusDays(30).toString();
    for (Country country : plan.countries()) {
      for (Route route : country.routes()) {
        String type = route.type() == TrafficPlan.RouteType.DIRECT ? "direct" : "aggregator";
        routes.putIfAbsent(route.routeId(), List.of(route.routeId(), route.carrier(), type,
            String.format(Locale.ROOT, "%.4f", route.costPerCall()), "EUR"));
        pool.add(List.of(route.poolPrefix(), country.iso(), route.routeId(), validFrom, ""));
      }
    }
    writeSmallCsv(out + "/reference/routes.csv",
        List.of("route_id", "carrier", "route_type", "cost_per_call", "currency"), List.copyOf(routes.values()));
    writeSmallCsv(out + "/reference/cli_pool.csv",
        List.of("cli_prefix", "country", "route_id", "valid_from", "valid_to"), pool);
  }

  private void writeSmallCsv(String file, List<String> header, List<List<String>> rows) {
    Path path = new Path(file);
    try {
      FileSystem fs = withoutChecksumFiles(path.getFileSystem(spark.sparkContext().hadoopConfiguration()));
      try (Writer writer = new OutputStreamWriter(fs.create(path, true), StandardCharsets.UTF_8);
           CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180.builder()
               .setHeader(header.toArray(new String[0])).setRecordSeparator('\n').get())) {
        for (List<String> row : rows) {
          printer.printRecord(row);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
