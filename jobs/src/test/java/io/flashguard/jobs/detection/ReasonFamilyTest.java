package io.flashguard.jobs.detection;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.testing.SparkTestBase;
import java.util.List;
import org.apache.spark.sql.Encoders;
import org.junit.jupiter.api.Test;

/** How {@code evaluate} groups reasons: figures masked, names and model versions kept. */
class ReasonFamilyTest extends SparkTestBase {

  @Test
  void figuresAreMaskedAndModelVersionsKept() {
    List<String> reasons = List.of(
        "reported CLI was never dialed by us, on a route that altered 16.1% of CLIs that day and 4.1% over the week before",
        "reported CLI is in our own CLI ranges but was dialed to nobody: a guessed code, 4 report(s)",
        "model spoofed-cli 20261201T225906Z-55153e: resembles confirmed spoofed cli cases (probability 1.00, calibrated)",
        "report arrived 1.9 s before the call alerted",
        "model pumping 20261202T001500Z-123456: resembles confirmed pumping cases (probability 0.97, calibrated)");
    List<String> families = spark.createDataset(reasons, Encoders.STRING())
        .select(EvaluateJob.reasonFamily(col("value"))).collectAsList().stream().map(row -> row.getString(0))
        .toList();

    assertThat(families).as("one family per rule, whatever its figures").containsExactly(
        "reported CLI was never dialed by us, on a route that altered #% of CLIs that day and #% over the week before",
        "reported CLI is in our own CLI ranges but was dialed to nobody: a guessed code, # report(s)",
        "model spoofed-cli 20261201T225906Z-55153e: resembles confirmed spoofed cli cases (probability #, calibrated)",
        "report arrived # s before the call alerted",
        "model pumping 20261202T001500Z-123456: resembles confirmed pumping cases (probability #, calibrated)");
  }
}
