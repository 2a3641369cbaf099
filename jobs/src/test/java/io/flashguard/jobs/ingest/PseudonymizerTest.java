package io.flashguard.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * Numbers are HMAC-SHA256 under the secret key; typo keys: numbers one typo apart share one, other
 * numbers none, and only under the same key; digits keys: a number written without its "+" has the
 * key of its digits.
 */
class PseudonymizerTest {
  private static final String TYPED = "+447700900123";

  private final Pseudonymizer pseudonymizer = Pseudonymizer.demo();

  @Test
  void aNumberOneTypoAwaySharesATypoKey() {
    for (String typo : List.of(
        "+447700900124",     // a digit changed
        "+447708900123",     // a digit changed outside the code
        "+44770090123",      // a digit left out
        "+4477009001203",    // a digit added
        "+447700901223",     // two neighbours swapped
        TYPED)) {
      assertThat(shared(TYPED, typo)).as(typo).isNotEmpty();
    }
  }

  @Test
  void differentNumbersShareNone() {
    for (String other : List.of(
        "+447700900987",     // another code in the same range
        "+447700900321",     // the code reversed
        "+447700900158",     // two digits changed
        "+33612345678")) {   // another country's number
      assertThat(shared(TYPED, other)).as(other).isEmpty();
    }
  }

  @Test
  void aCliWrittenWithoutItsPlusHasTheKeyOfItsDigitsWithOrWithoutItsCallingCode() {
    String cli = "+33612345678";
    Set<Integer> ours = Set.of(pseudonymizer.digitsKey(cli.substring(1)),
        pseudonymizer.digitsKey(PhoneNumbers.nationalDigits(cli)));
    assertThat(ours).as("two keys").hasSize(2);
    assertThat(pseudonymizer.digitsKey("0612345678")).as("06 12 34 56 78, France's national form").isIn(ours);
    assertThat(pseudonymizer.digitsKey("33612345678")).as("the calling code without its +").isIn(ours);
    assertThat(pseudonymizer.digitsKey("0033612345678")).as("00 for +").isIn(ours);
    assertThat(pseudonymizer.digitsKey("0612345679")).as("another number").isNotIn(ours);
    String italian = "+390245921129";
    assertThat(PhoneNumbers.nationalDigits(italian)).as("Italy's landlines keep their 0").isEqualTo("0245921129");
    assertThat(pseudonymizer.digitsKey("00245921129")).as("written with a trunk 0 Italy does not have")
        .isEqualTo(pseudonymizer.digitsKey(PhoneNumbers.nationalDigits(italian)));
  }

  @Test
  void theKeysDependOnTheSecretKey() {
    Pseudonymizer other = Pseudonymizer.withKey("another secret key, 16+ bytes".getBytes(StandardCharsets.UTF_8));
    assertThat(Set.of(other.typoKeys(TYPED))).as("the same number under another secret key")
        .doesNotContainAnyElementsOf(Set.of(pseudonymizer.typoKeys(TYPED)));
    assertThat(pseudonymizer.typoKeys(TYPED)).as("one per run of equal digits (4 7 0 9 0 1 2 3), and the whole number")
        .hasSize(9).doesNotHaveDuplicates();
  }

  @Test
  void numbersAreHashedWithHmacSha256UnderTheSecretKey() throws Exception {
    for (String secret : List.of("a key of 26 bytes, or more",
        "a key longer than SHA-256's block of 64 bytes, which HMAC hashes first")) {
      byte[] key = secret.getBytes(StandardCharsets.UTF_8);
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      Pseudonymizer keyed = Pseudonymizer.withKey(key);
      for (String number : List.of(TYPED, "+33612345678")) {
        assertThat(keyed.number(number)).as(secret + ": " + number)
            .isEqualTo(HexFormat.of().formatHex(mac.doFinal(number.getBytes(StandardCharsets.UTF_8))));
      }
      assertThat(keyed.stem("+4477009")).as("a stem, after a number")
          .isEqualTo(HexFormat.of().formatHex(mac.doFinal("stem|+4477009".getBytes(StandardCharsets.UTF_8))));
      Integer[] typoKeys = keyed.typoKeys(TYPED);
      assertThat(typoKeys[0]).as("the typo key of the whole number: the HMAC's first 32 bits")
          .isEqualTo(first32(mac.doFinal("typo|447700900123".getBytes(StandardCharsets.UTF_8))));
      assertThat(typoKeys[1]).as("the first digit left out")
          .isEqualTo(first32(mac.doFinal("typo|47700900123".getBytes(StandardCharsets.UTF_8))));
      assertThat(typoKeys[typoKeys.length - 1]).as("the last digit left out")
          .isEqualTo(first32(mac.doFinal("typo|44770090012".getBytes(StandardCharsets.UTF_8))));
    }
  }

  private static int first32(byte[] hash) {
    return ByteBuffer.wrap(hash).getInt();
  }

  private Set<Integer> shared(String a, String b) {
    Set<Integer> keys = Arrays.stream(pseudonymizer.typoKeys(a)).collect(Collectors.toSet());
    keys.retainAll(Set.of(pseudonymizer.typoKeys(b)));
    return keys;
  }
}
