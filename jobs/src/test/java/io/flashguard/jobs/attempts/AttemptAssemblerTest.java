package io.flashguard.jobs.attempts;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The orderings the one-pass assembly relies on to give what Spark's aggregates gave. */
class AttemptAssemblerTest {

  @Test
  void stringsCompareByCodePointAsSparkDoesNotByUtf16Unit() {
    String lastOfTheBasicPlane = "\uFFFF";
    String emoji = "\uD83D\uDE00"; // U+1F600, two UTF-16 units starting below U+FFFF
    assertThat(lastOfTheBasicPlane.compareTo(emoji)).as("Java's String order").isPositive();
    assertThat(AttemptAssembler.compareValues(lastOfTheBasicPlane, emoji)).as("UTF-8 byte order").isNegative();
    assertThat(AttemptAssembler.compareValues("c1", "c10")).as("a prefix first").isNegative();
  }

  @Test
  void nullsComeFirst() {
    assertThat(AttemptAssembler.compareValues(null, "a")).as("null before a value").isNegative();
    assertThat(AttemptAssembler.compareValues(1, null)).as("a value after null").isPositive();
    assertThat(AttemptAssembler.compareValues(null, null)).as("two nulls tie").isZero();
  }

  @Test
  void timestampsBecomeSparksMicrosecondsOnBothSidesOfTheEpoch() {
    Instant beforeEpoch = Instant.parse("1969-12-31T23:59:59.999999Z");
    assertThat(AttemptAssembler.micros(Timestamp.from(beforeEpoch))).as("a Timestamp before the epoch").isEqualTo(-1L);
    assertThat(AttemptAssembler.micros(beforeEpoch)).as("an Instant before the epoch").isEqualTo(-1L);
    Instant later = Instant.parse("2026-11-02T10:00:01.000123Z");
    assertThat(AttemptAssembler.micros(Timestamp.from(later))).as("microseconds kept").isEqualTo(later.getEpochSecond() * 1_000_000L + 123);
  }
}
