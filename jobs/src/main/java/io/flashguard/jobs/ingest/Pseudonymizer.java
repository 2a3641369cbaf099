package io.flashguard.jobs.ingest;

import io.flashguard.core.BadInputException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
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

  private final byte[] key;
  private final String keyId;
  private transient Mac mac;

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

  private String hmac(String value) {
    if (mac == null) {
      try {
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
      }
    }
    return HexFormat.of().formatHex(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
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
