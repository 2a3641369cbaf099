package io.flashguard.jobs.ingest;

import io.flashguard.core.BadInputException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces phone numbers by {@code HMAC-SHA256(key, value)} in hex (docs/operations.md). Full numbers are
 * hashed as their E.164 text so the same number joins across tables; ranges and CLI stems carry a
 * prefix so a stem can never collide with a shorter full number.
 */
public final class Pseudonymizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String DEMO_KEY = "flashguard-demo-key: NOT SECRET, for the bundled samples only";

  /**
   * How many recent hashes an instance remembers. A day's events name each verified number four or
   * five times within a minute, and a CLI pool's stems and reported CLIs' typo keys recur; a
   * remembered hash costs a map lookup instead of an HMAC (HMACs were 7.5% of ingest's CPU samples
   * at 1 million verifications, docs/benchmarks.md).
   */
  private static final int REMEMBERED = 1 << 15;

  private final byte[] key;
  private final String keyId;
  /** Not thread-safe, like its {@link Mac}: each Spark task works with its own deserialized copy. */
  private transient Mac mac;
  private transient Map<String, String> hexHashes;
  private transient Map<String, Integer> shortHashes;

  private Pseudonymizer(byte[] key) {
    if (key.length < 16) {
      throw new BadInputException("the pseudonymisation key must have at least 16 bytes");
    }
    this.key = key.clone();
    this.keyId = HexFormat.of().formatHex(sha256("flashguard-key-id|", key)).substring(0, 12);
  }

  /** A pseudonymizer for a secret key; the key itself is never logged or stored. */
  public static Pseudonymizer withKey(byte[] key) {
    return new Pseudonymizer(key);
  }

  /** The built-in demo key: public, so only for the bundled samples and tests. */
  public static Pseudonymizer demo() {
    return new Pseudonymizer(DEMO_KEY.getBytes(StandardCharsets.UTF_8));
  }

  /** The key's id, stored with every row so keys can rotate: a hash of the key, not the key. */
  public String keyId() {
    return keyId;
  }

  @Override
  public String toString() {
    return "Pseudonymizer[keyId=" + keyId + "]";
  }

  String number(String e164) {
    return hmac(e164);
  }

  String range(String e164Prefix) {
    return hmac("range|" + e164Prefix);
  }

  /** The number's block of a hundred: the number less its last two digits. */
  String block(String e164Prefix) {
    return hmac("block|" + e164Prefix);
  }

  String stem(String e164Prefix) {
    return hmac("stem|" + e164Prefix);
  }

  /**
   * Keys that two numbers one typo apart share — a digit changed, left out or added, or two
   * neighbouring digits swapped: the keyed hash, cut to 32 bits, of the number's digits and of
   * the digits less each one in turn (a "symmetric delete" neighbourhood). So retyped numbers can
   * be told from different ones without keeping either. It also links a few numbers two edits apart
   * (a digit left out in one place and another added elsewhere: 0123 and 0142 both become 012); two
   * random codes are linked about once in a hundred times. Compared only between the few numbers of
   * one verification, where 32 bits do not collide by chance. One key per run of equal digits
   * (leaving out either of two equal neighbours gives the same digits), and one for the whole number.
   */
  Integer[] typoKeys(String e164) {
    String digits = e164.substring(1);
    List<Integer> keys = new ArrayList<>(digits.length() + 1);
    keys.add(hmac32("typo|" + digits));
    for (int i = 0; i < digits.length(); i++) {
      if (i == 0 || digits.charAt(i) != digits.charAt(i - 1)) {
        keys.add(hmac32("typo|" + digits.substring(0, i) + digits.substring(i + 1)));
      }
    }
    return keys.toArray(new Integer[0]);
  }

  /**
   * The key of a number's digits less their leading zeros: the keyed hash, cut to 32 bits, like the
   * typo keys. A number written without its "+" (the calling code typed as digits, or left out with
   * or without a trunk 0) has the key of the CLI's digits with or without their calling code, so it
   * can be told to be that CLI whichever country it was read in. Compared only within one verification.
   */
  Integer digitsKey(String digits) {
    int first = 0;
    while (first < digits.length() - 1 && digits.charAt(first) == '0') {
      first++;
    }
    return hmac32("digits|" + digits.substring(first));
  }

  private int hmac32(String value) {
    if (shortHashes == null) {
      shortHashes = remembering();
    }
    Integer known = shortHashes.get(value);
    if (known == null) {
      byte[] hash = mac().doFinal(value.getBytes(StandardCharsets.UTF_8));
      known = (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | (hash[3] & 0xff);
      shortHashes.put(value, known);
    }
    return known;
  }

  private String hmac(String value) {
    if (hexHashes == null) {
      hexHashes = remembering();
    }
    String known = hexHashes.get(value);
    if (known == null) {
      known = HexFormat.of().formatHex(mac().doFinal(value.getBytes(StandardCharsets.UTF_8)));
      hexHashes.put(value, known);
    }
    return known;
  }

  /** A map that forgets its oldest entry past {@link #REMEMBERED}. */
  private static <V> Map<String, V> remembering() {
    return new LinkedHashMap<>(2 * REMEMBERED) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
        return size() > REMEMBERED;
      }
    };
  }

  private Mac mac() {
    if (mac == null) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
      }
    }
    return mac;
  }

  private static byte[] sha256(String prefix, byte[] key) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(prefix.getBytes(StandardCharsets.UTF_8));
      return digest.digest(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
