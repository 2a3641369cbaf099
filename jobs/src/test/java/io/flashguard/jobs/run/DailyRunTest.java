package io.flashguard.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.delta.kernel.Scan;
import io.delta.kernel.Snapshot;
import io.delta.kernel.Table;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.utils.CloseableIterator;
import io.flashguard.core.tables.AttemptsTable;
import io.flashguard.core.tables.RouteMetricsTable;
import io.flashguard.core.tables.Tables;
import io.flashguard.core.warehouse.ShufflePartitions;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.jobs.detection.DetectionInputs;
import io.flashguard.jobs.ingest.CdrFormat;
import io.flashguard.jobs.ingest.IngestSettings;
import io.flashguard.jobs.ingest.Pseudonymizer;
import io.flashguard.simulator.SimulationSettings;
import io.flashguard.simulator.TrafficSimulator;
import io.flashguard.testing.SparkTestBase;
import io.flashguard.testing.TestFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag(SparkTestBase.END_TO_END)
class DailyRunTest extends SparkTestBase {
  private static final LocalDate DAY = LocalDate.parse("2026-11-09");

  @TempDir
  static Path temp;

  /** The first run on an empty warehouse: each test that runs again does so on a copy of it. */
  private static Path firstRunWarehouse;
  private static RunManifest.Document first;

  @BeforeAll
  static void simulateTwoDaysAndRunOnce() {
    new TrafficSimulator(session(), SimulationSettings.builder().days(DAY, 2, 150).seed(5)
        .countries(List.of("GB", "DE")).attackShares(0.02, 0.02).bursts(1, 20, 10).incidentsPerDay(0).duplicateRate(0.01)
        .partitions(1).build()).run(temp.resolve("in").toString());
    firstRunWarehouse = temp.resolve("w-first");
    first = run(firstRunWarehouse, false);
  }

  @Test
  void aSecondRunSkipsCompletedDays() throws Exception {
    Path warehouse = TestFiles.copyTree(firstRunWarehouse, temp.resolve("w-skip"));
    assertThat(first.outcome()).as("first run").isEqualTo("succeeded");
    assertThat(first.daysCompleted()).as("both simulated days, and the next morning's tail")
        .contains(DAY.toString(), DAY.plusDays(1).toString());

    RunManifest.Document second = run(warehouse, false);
    assertThat(second.daysCompleted()).as("nothing redone").isEmpty();
    assertThat(second.daysSkipped()).as("everything skipped").containsAll(first.daysCompleted());

    try (var manifests = Files.list(warehouse.resolve("runs"))) {
      assertThat(manifests.filter(p -> p.toString().endsWith(".json")).count()).as("one manifest per run")
          .isEqualTo(2);
    }
  }

  @Test
  void theManifestHoldsInputsWithChecksumsCountsAndStages() {
    Path warehouse = firstRunWarehouse;
    RunManifest.Document manifest = first;
    assertThat(manifest.inputs()).as("every input file").hasSize(manifest.files().size());
    assertThat(manifest.inputs().values()).as("SHA-256 of each").allMatch(c -> c.sha256().matches("[0-9a-f]{64}"));
    assertThat(manifest.linesRead()).as("lines").isEqualTo(
        manifest.files().stream().mapToLong(f -> f.accepted() + f.quarantined() + f.duplicates()).sum());
    assertThat(manifest.stages()).extracting(RunManifest.Stage::name).as("stages in order")
        .startsWith("ingest", "attempts", "route_metrics", "route_alerts", "score", "report");
    List<String> days = manifest.daysCompleted();
    assertThat(manifest.stages()).filteredOn(stage -> stage.name().equals("score")).extracting(RunManifest.Stage::days)
        .as("one scoring over the whole span of days, not one per day")
        .containsExactly(days.get(0) + ".." + days.get(days.size() - 1));
    for (String day : manifest.daysCompleted()) {
      assertThat(warehouse.resolve("reports").resolve(day).resolve("route-quality.html")).as("report of %s", day)
          .isNotEmptyFile();
      assertThat(warehouse.resolve("reports").resolve(day).resolve("fraud-cases.csv")).as("cases of %s", day).exists();
    }
    assertThat(manifest.tableVersions()).as("the Delta version each table's commit got")
        .containsKeys("cdr", "verification_events", "attempts", "route_metrics", "flags", "features");
    assertThat(manifest.keyId()).as("key id, not the key").isEqualTo(Pseudonymizer.demo().keyId());
    assertThat(manifest.versions()).as("versions").containsKeys("flashguard", "spark", "java");
  }

  /** A forced run of one completed day redoes that day and leaves the others alone. */
  @Test
  void forcingADayReplacesExactlyThatDay() throws Exception {
    Path warehouse = TestFiles.copyTree(firstRunWarehouse, temp.resolve("w-rerun"));
    Warehouse tables = new Warehouse(warehouse.toString());
    List<String> firstDay = rows(tables, AttemptsTable.NAME, DAY);
    List<String> secondDayMetrics = rows(tables, RouteMetricsTable.NAME, DAY.plusDays(1));

    RunSettings again = settings(warehouse, DAY, DAY, true);
    RunManifest.Document forced = new DailyRun(spark, again).run(quiet());
    assertThat(forced.daysCompleted()).as("--force redoes a completed day").containsExactly(DAY.toString());

    assertThat(rows(tables, AttemptsTable.NAME, DAY)).as("rerun day: same content").isEqualTo(firstDay);
    assertThat(rows(tables, RouteMetricsTable.NAME, DAY.plusDays(1))).as("other day untouched")
        .isEqualTo(secondDayMetrics);
  }

  /**
   * {@code score} sizes its shuffles by the dated reads the features are computed from rather than by
   * planning the features query, which lists the files of each of its scans (docs/benchmarks.md, "the
   * score stage sized by its tables"): those reads hold exactly the files the features and the window
   * features read, here on the second day, whose history holds the first.
   */
  @Test
  void scoreIsSizedByTheFilesItsFeaturesRead() {
    Warehouse warehouse = new Warehouse(firstRunWarehouse.toString());
    DetectionInputs inputs = DetectionInputs.compute(spark, warehouse, DAY.plusDays(1), DAY.plusDays(1));
    Set<String> read = new TreeSet<>(Arrays.asList(inputs.features().inputFiles()));
    read.addAll(Arrays.asList(inputs.windows().inputFiles()));
    Set<String> stored = new TreeSet<>();
    inputs.stored().forEach(table -> stored.addAll(Arrays.asList(table.inputFiles())));
    assertThat(stored).as("files of the reads that size score").isNotEmpty().isEqualTo(read);
    assertThat(read).as("files of both days").anyMatch(file -> file.contains("date=" + DAY + "/"))
        .anyMatch(file -> file.contains("date=" + DAY.plusDays(1) + "/"));
    assertThat(ShufflePartitions.inputBytes(inputs.stored().toArray(Dataset[]::new))).as("their bytes").isPositive();
  }

  /**
   * Other engines read the warehouse as it is: Spark's own Delta reader, given only a table's path
   * (no flashguard code on the read path), sees exactly the rows flashguard reads, in every table
   * the run wrote (all but the reference tables: the run had no reference files).
   */
  @Test
  void everyTableReadsTheSameThroughPlainDeltaSpark() {
    Warehouse warehouse = new Warehouse(firstRunWarehouse.toString());
    List<String> written = Tables.names().stream().filter(name -> Files.isDirectory(firstRunWarehouse.resolve(name)))
        .toList();
    assertThat(written).as("tables the run wrote").contains("cdr", "attempts", "route_metrics", "features", "flags");
    for (String name : written) {
      Dataset<Row> ours = warehouse.read(spark, Tables.named(name));
      Dataset<Row> plain = spark.read().format("delta").load(firstRunWarehouse.resolve(name).toString())
          .select(Arrays.stream(ours.columns()).map(functions::col).toArray(Column[]::new));
      assertThat(plain.count()).as("rows of %s read by plain Delta", name).isEqualTo(ours.count());
      assertThat(plain.exceptAll(ours).count() + ours.exceptAll(plain).count()).as("rows that differ in %s", name)
          .isZero();
    }
  }

  /** A non-Spark engine: Delta Kernel for Java reads route_metrics' latest snapshot file by file. */
  @Test
  void deltaKernelReadsATableWithoutSpark() throws Exception {
    String path = firstRunWarehouse.resolve(RouteMetricsTable.NAME).toString();
    Engine engine = DefaultEngine.create(new Configuration());
    Snapshot snapshot = Table.forPath(engine, path).getLatestSnapshot(engine);
    assertThat(snapshot.getPartitionColumnNames()).as("partitioned by date").containsExactly("date");
    Scan scan = snapshot.getScanBuilder().build();
    io.delta.kernel.data.Row scanState = scan.getScanState(engine);
    int routeId = snapshot.getSchema().indexOf("route_id");
    List<String> kernelRoutes = new ArrayList<>();
    try (CloseableIterator<FilteredColumnarBatch> files = scan.getScanFiles(engine)) {
      while (files.hasNext()) {
        try (CloseableIterator<io.delta.kernel.data.Row> fileRows = files.next().getRows()) {
          while (fileRows.hasNext()) {
            io.delta.kernel.data.Row file = fileRows.next();
            CloseableIterator<ColumnarBatch> physical = engine.getParquetHandler().readParquetFiles(
                Utils.singletonCloseableIterator(InternalScanFileUtils.getAddFileStatus(file)),
                ScanStateRow.getPhysicalDataReadSchema(scanState), Optional.empty()).map(read -> read.getData());
            try (CloseableIterator<FilteredColumnarBatch> data = Scan.transformPhysicalData(engine, scanState, file,
                physical)) {
              while (data.hasNext()) {
                try (CloseableIterator<io.delta.kernel.data.Row> rows = data.next().getRows()) {
                  rows.forEachRemaining(row -> kernelRoutes.add(row.getString(routeId)));
                }
              }
            }
          }
        }
      }
    }
    List<String> sparkRoutes = new Warehouse(firstRunWarehouse.toString()).read(spark, RouteMetricsTable.TABLE)
        .select("route_id").collectAsList().stream().map(row -> row.getString(0)).toList();
    assertThat(kernelRoutes).as("route_metrics rows read by Delta Kernel, by route")
        .isNotEmpty().containsExactlyInAnyOrderElementsOf(sparkRoutes);
  }

  private static RunManifest.Document run(Path warehouse, boolean force) {
    return new DailyRun(session(), settings(warehouse, null, null, force)).run(quiet());
  }

  private static RunSettings settings(Path warehouse, LocalDate from, LocalDate to, boolean force) {
    IngestSettings ingest = new IngestSettings(new Warehouse(warehouse.toString()),
        List.of(temp.resolve("in").resolve("cdr").toString()), CdrFormat.CANONICAL, null,
        List.of(temp.resolve("in").resolve("verifications").toString()), null, List.of(), ZoneOffset.UTC, null, 0.05,
        Pseudonymizer.demo(), "run-" + System.nanoTime());
    return new RunSettings(ingest, from, to, force, 30, 0.03, "run (test)");
  }

  private List<String> rows(Warehouse warehouse, String table, LocalDate day) {
    return warehouse.read(spark, Tables.named(table), day, day)
        .collectAsList().stream().map(Object::toString).sorted().toList();
  }

  private static PrintStream quiet() {
    return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
  }
}
