package io.flashguard.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {
  private static final List<ZoneId> ZONES = List.of(ZoneId.of("UTC"), ZoneId.of("+05:30"), ZoneId.of("Europe/Berlin"),
      ZoneId.of("America/Sao_Paulo"));

  @Test
  void theDigitByDigitReadingAgreesWithTheFormatterOnEveryShape() {
    Random random = new Random(20261202L);
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      texts.add(randomTimestamp(random));
    }
    for (ZoneId zone : ZONES) {
      Timestamps timestamps = new Timestamps(zone);
      for (String text : texts) {
        assertThat(outcome(() -> timestamps.parseMicros("start", text))).as("%s in %s", text, zone)
            .isEqualTo(outcome(() -> timestamps.withFormatter("start", text)));
      }
    }
  }

  @Test
  void unusualShapesAreReadAsTheFormatterReadsThem() throws Rejection {
    Timestamps berlin = new Timestamps(ZoneId.of("Europe/Berlin"));
    List<String> unusual = List.of(
        "2026-03-29 02:30:00", // a local time the clock skipped (summer time starts)
        "2026-10-25 02:30:00", // a local time the clock showed twice
        "2026-04-31 10:00:00", // the formatter's smart reading moves it to 2026-04-30
        "2026-11-0210:00:00", // no separator
        "2026-11-02T 10:00:00", // both separators
        "2026-11-02 10:00:00-00:00",
        "2026-11-02 10:00:00.123456789+18:00");
    for (String text : unusual) {
      assertThat(berlin.parseMicros("start", text)).as(text).isEqualTo(berlin.withFormatter("start", text));
    }
  }

  @Test
  void badTimestampsAreRejectedNamingTheColumnAndText() {
    Timestamps utc = new Timestamps(ZoneId.of("UTC"));
    for (String text : List.of("2026-11-02 24:00:01", "2026-13-02 10:00:00", "2026-11-02 10:00:00.", "2026-11-02 10:00:00+5",
        "2026-11-02 10:00:00 UTC", "2026-11-02 10:00:00.1234567891", "2026-11-02 10:60:00", "yesterday")) {
      assertThatThrownBy(() -> utc.parseMicros("answer_time", text)).as(text)
          .isInstanceOf(Rejection.class).hasMessageContaining("'" + text + "'");
    }
  }

  @Test
  void anOffsetDecidesOverTheInputZone() throws Rejection {
    Timestamps saoPaulo = new Timestamps(ZoneId.of("America/Sao_Paulo"));
    assertThat(saoPaulo.parseMicros("start", "2026-11-02T10:00:00.25+01:00")).as("with its own offset")
        .isEqualTo(java.time.Instant.parse("2026-11-02T09:00:00.250Z").toEpochMilli() * 1_000L);
    assertThat(saoPaulo.parseMicros("start", "2026-11-02 10:00:00")).as("in the input zone, UTC-3")
        .isEqualTo(java.time.Instant.parse("2026-11-02T13:00:00Z").toEpochMilli() * 1_000L);
  }

  private interface Reading {
    long micros() throws Rejection;
  }

  /** The microseconds read, or the rejection's message. */
  private static Object outcome(Reading reading) {
    try {
      return reading.micros();
    } catch (Rejection rejection) {
      return rejection.getMessage();
    }
  }

  /** A timestamp of any shape the input formats allow, now and then with a field out of range. */
  private static String randomTimestamp(Random random) {
    int year = 1960 + random.nextInt(90);
    int month = 1 + random.nextInt(12);
    int day = 1 + random.nextInt(random.nextInt(20) == 0 ? 31 : 28);
    int hour = random.nextInt(random.nextInt(50) == 0 ? 25 : 24);
    String text = String.format("%04d-%02d-%02d%s%02d:%02d:%02d", year, month, day, random.nextBoolean() ? "T" : " ",
        hour, random.nextInt(60), random.nextInt(60));
    if (random.nextBoolean()) {
      int width = 1 + random.nextInt(9);
      text += "." + String.format("%09d", random.nextInt(1_000_000_000)).substring(0, width);
    }
    return switch (random.nextInt(4)) {
      case 0 -> text;
      case 1 -> text + "Z";
      case 2 -> text + String.format("%s%02d:%02d", random.nextBoolean() ? "+" : "-", random.nextInt(15), 15 * random.nextInt(4));
      default -> text + String.format("%s%02d%02d", random.nextBoolean() ? "+" : "-", random.nextInt(15), 15 * random.nextInt(4));
    };
  }
}
