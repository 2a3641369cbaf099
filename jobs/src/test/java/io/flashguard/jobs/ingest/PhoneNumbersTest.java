package io.flashguard.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Numbers as people write them, to E.164. */
class PhoneNumbersTest {
  private final PhoneNumbers numbers = new PhoneNumbers(null);

  @Test
  void aTrunkZeroKeptAfterTheCallingCodeIsDropped() {
    assertThat(numbers.toE164("+44 (0)1632 960001", "GB")).as("the (0) convention").isEqualTo("+441632960001");
    assertThat(numbers.toE164("+44 01632 960001", "GB")).as("the 0 kept without brackets").isEqualTo("+441632960001");
    assertThat(numbers.toE164("0044 (0)20 7946 0018", "GB")).as("00 for +").isEqualTo("+442079460018");
    assertThat(numbers.toE164("+33 (0)6 12 34 56 78", "FR")).as("French mobile").isEqualTo("+33612345678");
  }

  @Test
  void aZeroThatBelongsToTheNumberStays() {
    assertThat(numbers.toE164("+39 02 1234 5678", "IT")).as("Italian landlines keep their 0").isEqualTo("+390212345678");
    assertThat(numbers.toE164("+20 10 1234 5678", "EG")).as("a calling code ending in 0").isEqualTo("+201012345678");
    assertThat(numbers.toE164("+447700900123", null)).as("E.164 as it is").isEqualTo("+447700900123");
  }

  @Test
  void nationalFormsAreReadInTheGivenRegion() {
    assertThat(numbers.toE164("01632 960001", "GB")).as("national, GB").isEqualTo("+441632960001");
    assertThat(numbers.toE164("01632 960001", null)).as("no region: not a number").isNull();
  }
}
