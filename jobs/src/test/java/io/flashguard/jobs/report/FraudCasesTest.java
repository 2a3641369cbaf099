package io.flashguard.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.flashguard.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The case file of a day whose sorted cases span several partitions. */
class FraudCasesTest extends SparkTestBase {
  private static final int CASES = 60;
  private static final String PARTITIONS = "spark.sql.shuffle.partitions";

  @Test
  void theCaseFileIsWrittenInRankOrderWhileTheDriverFetchesOnePartitionAtATime() throws Exception {
    StructType schema = new StructType()
        .add("rank", DataTypes.IntegerType).add("score", DataTypes.DoubleType)
        .add("threshold", DataTypes.DoubleType).add("fraud_type", DataTypes.StringType)
        .add("other_fraud_types", DataTypes.createArrayType(DataTypes.StringType))
        .add("case_type", DataTypes.StringType).add("case_id", DataTypes.StringType)
        .add("app_id", DataTypes.StringType).add("country", DataTypes.StringType)
        .add("route_id", DataTypes.StringType).add("event_time_utc", DataTypes.StringType)
        .add("verifications", DataTypes.LongType).add("reasons", DataTypes.createArrayType(DataTypes.StringType))
        .add("model_version", DataTypes.StringType);
    List<Map<String, Object>> unsorted = new ArrayList<>();
    for (int i = 0; i < CASES; i++) {
      int rank = 1 + i * 37 % CASES; // every rank once, out of order
      unsorted.add(Map.of("rank", rank, "score", 1.0 - rank / 100.0, "threshold", 0.3,
          "fraud_type", "spoofed_cli", "case_type", FraudCases.VERIFICATION, "case_id", "v-" + rank,
          "verifications", 1L, "reasons", List.of("reason " + rank)));
    }

    String partitions = spark.conf().get(PARTITIONS);
    JobStarts jobs = new JobStarts();
    spark.conf().set(PARTITIONS, "6");
    spark.sparkContext().addSparkListener(jobs);
    try {
      Dataset<Row> cases = frame(schema, unsorted).orderBy("rank").persist(); // as FraudCases.of ends
      int sortedPartitions = cases.javaRDD().getNumPartitions();
      cases.count();
      int before = jobs.settled();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long written = FraudCases.writeCsv(cases, out);
      int fetches = jobs.settled() - before;

      List<CSVRecord> records = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
          .parse(new StringReader(out.toString(StandardCharsets.UTF_8))).getRecords();
      assertThat(written).as("cases written").isEqualTo(CASES);
      assertThat(records).extracting(r -> Integer.parseInt(r.get("rank"))).as("ranks, in order")
          .containsExactlyElementsOf(IntStream.rangeClosed(1, CASES).boxed().toList());
      assertThat(records).extracting(r -> Double.parseDouble(r.get("score"))).as("scores, highest first")
          .isSortedAccordingTo((a, b) -> Double.compare(b, a));
      assertThat(sortedPartitions).as("the sorted cases span several partitions").isGreaterThan(1);
      assertThat(fetches).as("one fetch per partition, never all cases in one").isEqualTo(sortedPartitions);
    } finally {
      spark.sparkContext().removeSparkListener(jobs);
      spark.conf().set(PARTITIONS, partitions);
    }
  }

  /** Counts the jobs started in the session, once the listener bus has delivered every event. */
  private final class JobStarts extends SparkListener {
    private final AtomicInteger started = new AtomicInteger();

    @Override
    public void onJobStart(SparkListenerJobStart jobStart) {
      started.incrementAndGet();
    }

    int settled() throws TimeoutException {
      spark.sparkContext().listenerBus().waitUntilEmpty();
      return started.get();
    }
  }
}
