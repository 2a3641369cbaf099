package io.flashguard.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.core.tables.CliPoolTable;
import io.flashguard.core.tables.LabelsTable;
import io.flashguard.core.tables.QuarantineTable;
import io.flashguard.core.tables.RoutesTable;
import io.flashguard.core.warehouse.Warehouse;
import io.flashguard.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceAndLabelsTest extends SparkTestBase {
  @TempDir
  Path temp;

  @Test
  void routesAndPoolAreLoadedAndTheirBadLinesQuarantined() {
    Path reference = temp.resolve("reference");
    InputFixtures.write(reference, "routes.csv", "route_id,carrier,route_type,cost_per_call,currency",
        List.of("r1,carrier-a,direct,0.004,eur", "r2,agg,wholesale,0.002,EUR"));
    InputFixtures.write(reference, "cli_pool.csv", "cli_prefix,country,route_id,valid_from,valid_to",
        List.of("+44 1632,GB,r1,2026-10-01,", "1632,GB,r1,,", "+4420,GB,,2026-11-01,2026-10-01"));
    Warehouse warehouse = ingest(reference.toString(), List.of());

    List<Row> routes = warehouse.read(spark, RoutesTable.TABLE).collectAsList();
    assertThat(routes).as("one good route").hasSize(1);
    assertThat(routes.get(0).<String>getAs("currency")).as("currency upper-cased").isEqualTo("EUR");
    List<Row> pool = warehouse.read(spark, CliPoolTable.TABLE).collectAsList();
    assertThat(pool).extracting(r -> r.<String>getAs("cli_prefix")).as("spaces removed").containsExactly("+441632");
    Map<String, String> reasons = warehouse.read(spark, QuarantineTable.TABLE).collectAsList()
        .stream().collect(Collectors.toMap(r -> r.getAs("source") + ":" + r.getAs("line"), r -> r.getAs("reason")));
    assertThat(reasons).as("quarantined lines").containsEntry("routes:3", "BAD_ENUM")
        .containsEntry("cli_pool:3", "BAD_NUMBER").containsEntry("cli_pool:4", "TIME_ORDER");
  }

  @Test
  void labelsAccumulateAndTheLatestDecisionIsCurrent() {
    Path first = InputFixtures.write(temp.resolve("l1"), "labels.csv", "verification_id,label,source,decided_at",
        List.of("v1,legit,simulated,2026-11-03T00:00:00Z", "v2,pumping,simulated,2026-11-03T00:00:00Z"));
    Path later = InputFixtures.write(temp.resolve("l2"), "labels.csv", "verification_id,label,decided_at",
        List.of("v1,spoofed_cli,2026-11-05T09:30:00Z", "v2,pumping,2026-11-03T00:00:00Z"));
    ingest(null, List.of(first.toString()));
    Warehouse warehouse = ingest(null, List.of(later.toString()));

    List<Row> decisions = warehouse.read(spark, LabelsTable.TABLE).collectAsList();
    assertThat(decisions).as("three distinct decisions; v2's repeated one kept once").hasSize(3);
    Map<String, String> current = LabelsTable.current(warehouse.read(spark, LabelsTable.TABLE))
        .collectAsList().stream().collect(Collectors.toMap(r -> r.getAs("verification_id"), r -> r.getAs("label")));
    assertThat(current).as("a later decision wins").containsEntry("v1", "spoofed_cli").containsEntry("v2", "pumping");
    Row analyst = decisions.stream().filter(r -> r.getAs("label").equals("spoofed_cli")).findFirst().orElseThrow();
    assertThat(analyst.<String>getAs("source")).as("source defaults to analyst").isEqualTo("analyst");
  }

  private Warehouse ingest(String reference, List<String> labels) {
    Warehouse warehouse = new Warehouse(temp.resolve("w").toString());
    new IngestJob(spark, new IngestSettings(warehouse, List.of(), CdrFormat.CANONICAL, null, List.of(), reference,
        labels, ZoneOffset.UTC, null, 1.0, Pseudonymizer.demo(), "reference-test")).run();
    return warehouse;
  }
}
