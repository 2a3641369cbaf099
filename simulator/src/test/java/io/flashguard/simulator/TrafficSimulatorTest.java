package io.flashguard.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.flashguard.testing.SparkTestBase;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrafficSimulatorTest extends SparkTestBase {
  private static final SimulationSettings SETTINGS = SimulationSettings.builder()
      .days(LocalDate.parse("2026-11-06"), 2, 400).seed(42).countries(List.of("GB", "BR", "ID")).attackShares(0.05, 0.05)
      .bursts(1, 40, 10).incidentsPerDay(1).duplicateRate(0.01)
      .honest(HonestVariety.DEFAULTS).build();

  @TempDir
  static Path temp;

  private static Path first;

  @BeforeAll
  static void simulateOnce() {
    first = temp.resolve("first");
    new TrafficSimulator(session(), SETTINGS).run(first.toString());
  }

  @Test
  void sameSeedGivesByteIdenticalFiles() throws IOException {
    Path second = temp.resolve("second");
    new TrafficSimulator(spark, SETTINGS).run(second.toString());
    Map<String, byte[]> a = contents(first);
    Map<String, byte[]> b = contents(second);
    assertThat(a.keySet()).as("same file names").isEqualTo(b.keySet());
    assertThat(a.keySet()).as("cdr, events per day, labels and reference files")
        .contains("labels.csv", "reference/routes.csv", "reference/cli_pool.csv",
            "cdr/cdr-2026-11-06-00000.csv", "verifications/events-2026-11-07-00000.csv");
    for (String name : a.keySet()) {
      assertThat(b.get(name)).as("content of %s", name).isEqualTo(a.get(name));
    }
  }

  @Test
  void anotherSeedGivesOtherTraffic() throws IOException {
    SimulationSettings other = SETTINGS.toBuilder().days(SETTINGS.startDate(), 1, 50).seed(43)
        .bursts(0, 0, 10).incidentsPerDay(0).partitions(1).build();
    Path dir = temp.resolve("other-seed");
    new TrafficSimulator(spark, other).run(dir.toString());
    assertThat(Files.readString(dir.resolve("cdr/cdr-2026-11-06-00000.csv")))
        .as("different seed, different calls")
        .isNotEqualTo(Files.readString(first.resolve("cdr/cdr-2026-11-06-00000.csv")));
  }

  @Test
  void verifiedNumbersAreValidMobileNumbersOfTheirCountry() throws IOException {
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    Set<String> numbers = column(first.resolve("verifications"), "phone_number");
    assertThat(numbers).as("many distinct numbers").hasSizeGreaterThan(500);
    for (String number : numbers) {
      PhoneNumber parsed = parse(util, number);
      assertThat(util.isValidNumber(parsed)).as("%s is a valid number", number).isTrue();
      assertThat(util.getNumberType(parsed)).as("%s is a mobile number", number)
          .isIn(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);
      assertThat(util.getRegionCodeForNumber(parsed)).as("%s is in a simulated country", number)
          .isIn(SETTINGS.countries());
    }
  }

  @Test
  void dialedClisComeFromTheCliPool() throws IOException {
    List<String> prefixes = new ArrayList<>(column(first.resolve("reference"), "cli_prefix"));
    Set<String> clis = column(first.resolve("cdr"), "cli");
    assertThat(prefixes).as("one pool prefix per route").hasSize(9);
    assertThat(clis).as("every CLI starts with a pool prefix")
        .allMatch(cli -> prefixes.stream().anyMatch(cli::startsWith));
  }

  @Test
  void aWholesaleRouteServesEveryCountry() throws IOException {
    SimulationSettings settings = SETTINGS.toBuilder().days(SETTINGS.startDate(), 1, 300).seed(44)
        .bursts(0, 0, 10).incidentsPerDay(0).partitions(1)
        .honest(HonestVariety.builder().gatewayIncidentsPerDay(0).campaignsPerDay(0).campaignSize(0)
            .wholesaleRoute(true).build()).build();
    Path dir = temp.resolve("wholesale");
    new TrafficSimulator(spark, settings).run(dir.toString());

    assertThat(records(dir.resolve("reference/routes.csv"))).extracting(r -> r.get("route_id"))
        .as("one row per route, the wholesale route once").doesNotHaveDuplicates().contains(TrafficPlan.WHOLESALE_ROUTE);
    assertThat(records(dir.resolve("reference/cli_pool.csv")).stream()
            .filter(r -> r.get("route_id").equals(TrafficPlan.WHOLESALE_ROUTE)).map(r -> r.get("country")))
        .as("a pool prefix of the wholesale route in every country").containsExactlyInAnyOrderElementsOf(SETTINGS.countries());
    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    assertThat(all(dir.resolve("cdr")).stream().filter(leg -> leg.get("route_id").equals(TrafficPlan.WHOLESALE_ROUTE))
            .map(leg -> util.getRegionCodeForNumber(parse(util, leg.get("b_number")))).collect(Collectors.toSet()))
        .as("its calls reach every country").containsExactlyInAnyOrderElementsOf(SETTINGS.countries());
  }

  @Test
  void burstsOfOtherStylesRotateTheirSourcesScatterTheirNumbersAndVerify() throws IOException {
    SimulationSettings settings = SETTINGS.toBuilder().days(SETTINGS.startDate(), 1, 50).seed(45)
        .bursts(1, 60, 10).incidentsPerDay(0).duplicateRate(0).partitions(1)
        .attacks(AttackStyles.builder().rotatingBurstShare(1).scatteredBurstShare(1).burstVerifyShare(1).build())
        .build();
    Path dir = temp.resolve("burst-styles");
    new TrafficSimulator(spark, settings).run(dir.toString());

    List<CSVRecord> burst = all(dir.resolve("verifications")).stream()
        .filter(event -> event.get("verification_id").contains("-b0-")).toList();
    List<CSVRecord> requests = burst.stream().filter(event -> event.get("event_type").equals("REQUESTED")).toList();
    assertThat(requests).as("one request per member of the burst of 60").hasSize(60);
    assertThat(requests.stream().map(event -> event.get("device_id")).distinct()).as("a device per request").hasSize(60);
    assertThat(requests.stream().map(event -> event.get("ip")).distinct().count()).as("an address per request, nearly")
        .isGreaterThan(55);
    assertThat(requests.stream().map(event -> event.get("phone_number"))
            .map(number -> number.substring(0, number.length() - 2)).distinct().count())
        .as("numbers over many blocks of 100 of their range, not 60 in a row").isGreaterThan(20);
    assertThat(burst.stream().filter(event -> event.get("event_type").equals("CLI_REPORTED")))
        .as("the pumper reports every call's CLI").hasSize(60);
    assertThat(burst.stream().filter(event -> event.get("event_type").equals("VERIFIED")).count())
        .as("and verifies those whose CLI the route left intact").isGreaterThan(10);
  }

  @Test
  void labelsCoverEveryVerificationWithEachScenario() throws IOException {
    Set<String> verifications = column(first.resolve("verifications"), "verification_id");
    List<CSVRecord> labels = records(first.resolve("labels.csv"));
    assertThat(labels.stream().map(r -> r.get("verification_id")).collect(Collectors.toSet()))
        .as("one label per verification").isEqualTo(verifications);
    assertThat(labels.stream().map(r -> r.get("label")).collect(Collectors.toSet()))
        .as("normal traffic and the three fraud scenarios")
        .containsExactlyInAnyOrder("legit", "spoofed_cli", "forwarding_hijack", "pumping");
  }

  @Test
  void hardNegativesAreHonestTrafficThatLooksSuspicious() throws IOException {
    Map<String, String> labels = records(first.resolve("labels.csv")).stream()
        .collect(Collectors.toMap(r -> r.get("verification_id"), r -> r.get("label")));
    List<CSVRecord> legs = all(first.resolve("cdr"));
    List<CSVRecord> voicemail = legs.stream().filter(leg -> leg.get("diversion_count").equals("1")
        && leg.get("sip_code").equals("200") && labels.get(id(leg.get("call_id"))).equals("legit")).toList();
    assertThat(voicemail).as("honest calls forwarded to voicemail and answered there").isNotEmpty();
    Map<String, Set<String>> calledByPlatform = voicemail.stream().collect(Collectors.groupingBy(
        leg -> leg.get("connected_number"), Collectors.mapping(leg -> leg.get("b_number"), Collectors.toSet())));
    assertThat(calledByPlatform.values()).as("a voicemail platform answers for several subscribers")
        .anyMatch(numbers -> numbers.size() >= 3);

    PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    Set<String> dialed = legs.stream().map(leg -> leg.get("cli")).collect(Collectors.toSet());
    Map<String, Set<String>> substitutes = new java.util.HashMap<>();
    List<CSVRecord> events = all(first.resolve("verifications"));
    for (CSVRecord event : events) {
      if (event.get("event_type").equals("CLI_REPORTED") && labels.get(event.get("verification_id")).equals("legit")) {
        String region = util.getRegionCodeForNumber(parse(util, event.get("phone_number")));
        String reported = util.format(parse(util, event.get("reported_cli"), region), PhoneNumberFormat.E164);
        if (!dialed.contains(reported)) {
          substitutes.computeIfAbsent(reported, cli -> new java.util.HashSet<>()).add(event.get("phone_number"));
        }
      }
    }
    assertThat(substitutes.values()).as("a SIM box shows its few numbers to many honest users")
        .anyMatch(numbers -> numbers.size() >= 3);
    Set<String> poolPrefixes = records(first.resolve("reference/cli_pool.csv")).stream()
        .map(r -> r.get("cli_prefix")).collect(Collectors.toSet());
    assertThat(substitutes.keySet()).as("a gateway's own line inside our CLI ranges, never dialed")
        .anyMatch(cli -> poolPrefixes.stream().anyMatch(cli::startsWith));
    assertThat(events).as("typists who read the code off the screen give its digits alone")
        .anyMatch(event -> event.get("event_type").equals("CLI_REPORTED") && event.get("report_source").equals("manual")
            && labels.get(event.get("verification_id")).equals("legit")
            && event.get("reported_cli").matches("[0-9]{" + TrafficPlan.CODE_LENGTH + "}"));
    assertThat(labels).as("campaign members are honest")
        .hasEntrySatisfying("v-20261106-c0-0", label -> assertThat(label).isEqualTo("legit"));
    assertThat(legs.stream().filter(leg -> labels.get(id(leg.get("call_id"))).equals("forwarding_hijack")))
        .as("some hijacks are silent: no diversion in the CDR")
        .anyMatch(leg -> leg.get("diversion_count").equals("0"));
  }

  private static String id(String callId) {
    return callId.substring(0, callId.lastIndexOf("-c"));
  }

  private static List<CSVRecord> all(Path dir) throws IOException {
    List<CSVRecord> out = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path file : walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        out.addAll(records(file));
      }
    }
    return out;
  }

  private static PhoneNumber parse(PhoneNumberUtil util, String number, String region) {
    try {
      return util.parse(number, region);
    } catch (NumberParseException e) {
      throw new AssertionError(number + " does not parse in " + region, e);
    }
  }

  private static PhoneNumber parse(PhoneNumberUtil util, String number) {
    try {
      return util.parse(number, "ZZ");
    } catch (NumberParseException e) {
      throw new AssertionError(number + " does not parse", e);
    }
  }

  private static Set<String> column(Path dirOrFile, String name) throws IOException {
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dirOrFile)) {
      files = walk.filter(p -> p.toString().endsWith(".csv")).sorted().toList();
    }
    Set<String> values = new java.util.HashSet<>();
    for (Path file : files) {
      for (CSVRecord record : records(file)) {
        if (record.isMapped(name) && !record.get(name).isEmpty()) {
          values.add(record.get(name));
        }
      }
    }
    return values;
  }

  private static List<CSVRecord> records(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file)) {
      return CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader).getRecords();
    }
  }

  private static Map<String, byte[]> contents(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString(), Files.readAllBytes(file));
      }
    }
    return files;
  }
}
