package io.flashguard.jobs.ingest;

import io.flashguard.core.BadInputException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Replaces phone numbers by {@code HMAC-SHA256(key, value)} in hex (docs/operations.md). Full numbers are
 * hashed as their E.164 text so the same number joins across tables; ranges and CLI stems carry a
 * prefix so a stem can never collide with a shorter full number.
 */
public final class Pseudonymizer implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String DEMO_KEY = "flashguard-demo-key: NOT SECRET, for the bundled samples only";

  private static final String TYPO = "typo|";
  /** SHA-256's block: HMAC pads its key to it (RFC 2104). */
  private static final int BLOCK = 64;

  private final byte[] key;
  private final String keyId;
  /**
   * SHA-256 after the key's inner and outer pads: every HMAC starts from a copy of one of these
   * two states, so a short value's hash costs two compressions instead of the four {@link
   * javax.crypto.Mac} spends (it hashes both pads again for every value): 0.7× the time of a
   * {@code Mac} (docs/benchmarks.md). Not thread-safe: each Spark task works with its own
   * deserialized copy.
   */
  private transient MessageDigest innerPad;
  private transient MessageDigest outerPad;

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
    return hexHmac(e164);
  }

  String range(String e164Prefix) {
    return hexHmac("range|" + e164Prefix);
  }

  /** The number's block of a hundred: the number less its last two digits. */
  String block(String e164Prefix) {
    return hexHmac("block|" + e164Prefix);
  }

  String stem(String e164Prefix) {
    return hexHmac("stem|" + e164Prefix);
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
    byte[] typo = (TYPO + e164.substring(1)).getBytes(StandardCharsets.UTF_8);
    int digits = TYPO.length();
    List<Integer> keys = new ArrayList<>(typo.length - digits + 1);
    keys.add(hmac32(typo, -1));
    for (int i = digits; i < typo.length; i++) {
      if (i == digits || typo[i] != typo[i - 1]) {
        keys.add(hmac32(typo, i));
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
    return hmac32(("digits|" + digits.substring(first)).getBytes(StandardCharsets.UTF_8), -1);
  }

  private String hexHmac(String value) {
    return HexFormat.of().formatHex(hmac(value.getBytes(StandardCharsets.UTF_8), -1));
  }

  /** The first 32 bits of {@link #hmac}. */
  private int hmac32(byte[] value, int leftOut) {
    byte[] hash = hmac(value, leftOut);
    return (hash[0] & 0xff) << 24 | (hash[1] & 0xff) << 16 | (hash[2] & 0xff) << 8 | (hash[3] & 0xff);
  }

  /**
   * {@code HMAC-SHA256(key, value)} of the value less its byte at {@code leftOut} (none when
   * negative): the same bytes as {@link javax.crypto.Mac}'s, without a copy of the value for each
   * byte a typo key leaves out.
   */
  private byte[] hmac(byte[] value, int leftOut) {
    if (innerPad == null) {
      byte[] block = Arrays.copyOf(key.length > BLOCK ? sha256("", key) : key, BLOCK);
      innerPad = padded(block, (byte) 0x36);
      outerPad = padded(block, (byte) 0x5c);
    }
    try {
      MessageDigest inner = (MessageDigest) innerPad.clone();
      if (leftOut < 0) {
        inner.update(value);
      } else {
        inner.update(value, 0, leftOut);
        inner.update(value, leftOut + 1, value.length - leftOut - 1);
      }
      return ((MessageDigest) outerPad.clone()).digest(inner.digest());
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("this JVM's SHA-256 cannot be copied", e);
    }
  }

  private static MessageDigest padded(byte[] block, byte pad) {
    byte[] padded = new byte[BLOCK];
    for (int i = 0; i < BLOCK; i++) {
      padded[i] = (byte) (block[i] ^ pad);
    }
    MessageDigest digest = sha256();
    digest.update(padded);
    return digest;
  }

  private static byte[] sha256(String prefix, byte[] key) {
    MessageDigest digest = sha256();
    digest.update(prefix.getBytes(StandardCharsets.UTF_8));
    return digest.digest(key);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }
}
