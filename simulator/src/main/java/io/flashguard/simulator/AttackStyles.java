package io.flashguard.simulator;

import static io.flashguard.simulator.Settings.require;
import static io.flashguard.simulator.Settings.share;

import java.io.Serializable;

/**
 * How attackers behave, beyond how many there are (docs/simulator.md).
 *
 * @param silentHijackShare share of hijacks whose CDR shows no diversion and no connected number:
 *     forwarding inside the victim's operator, or a stripped diversion header; only device, IP and
 *     history tell them
 * @param domesticAttackerShare share of attackers whose IP is in the number's country (proxies)
 * @param crewDeviceShare share of attacks made from one of a crew's few devices, used on many victims
 * @param lookalikeSpoofShare share of spoofed reports that give a local mobile number after the call
 *     alerted: what a SIM box would have shown
 * @param replaySpoofShare share of the other spoofed reports after the call alerted that give a CLI
 *     we dialed to another number that day (a replay)
 * @param forgedInterceptShare share of spoofers asking from an iOS or web client whose tool posts its
 *     reports as intercepted, which only an Android app can do
 * @param rotatingBurstShare share of pumping bursts that give every request its own device and an
 *     address in the number's country (residential proxies, randomised device ids), as honest users have
 * @param scatteredBurstShare share of pumping bursts whose numbers lie anywhere in their range of
 *     10,000 instead of following each other
 * @param burstVerifyShare share of a burst's requests that the pumper verifies: he owns the range, so
 *     he can read the CLIs of his calls and report them, to look like traffic that converts
 */
public record AttackStyles(
    double silentHijackShare,
    double domesticAttackerShare,
    double crewDeviceShare,
    double lookalikeSpoofShare,
    double replaySpoofShare,
    double forgedInterceptShare,
    double rotatingBurstShare,
    double scatteredBurstShare,
    double burstVerifyShare) implements Serializable {

  public static final AttackStyles DEFAULTS = new AttackStyles(0.3, 0.3, 0.4, 0.1, 0.2, 0.3, 0, 0, 0);

  public AttackStyles {
    require(share(silentHijackShare) && share(domesticAttackerShare)
        && share(crewDeviceShare) && share(lookalikeSpoofShare) && share(replaySpoofShare)
        && share(forgedInterceptShare) && share(rotatingBurstShare) && share(scatteredBurstShare)
        && share(burstVerifyShare),
        "shares must lie in [0, 1]");
  }

  /** A builder starting from {@link #DEFAULTS}: name the styles that differ. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** A builder starting from these styles. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Named styles, each one's default until set. */
  public static final class Builder {
    private double silentHijackShare;
    private double domesticAttackerShare;
    private double crewDeviceShare;
    private double lookalikeSpoofShare;
    private double replaySpoofShare;
    private double forgedInterceptShare;
    private double rotatingBurstShare;
    private double scatteredBurstShare;
    private double burstVerifyShare;

    private Builder(AttackStyles from) {
      silentHijackShare = from.silentHijackShare;
      domesticAttackerShare = from.domesticAttackerShare;
      crewDeviceShare = from.crewDeviceShare;
      lookalikeSpoofShare = from.lookalikeSpoofShare;
      replaySpoofShare = from.replaySpoofShare;
      forgedInterceptShare = from.forgedInterceptShare;
      rotatingBurstShare = from.rotatingBurstShare;
      scatteredBurstShare = from.scatteredBurstShare;
      burstVerifyShare = from.burstVerifyShare;
    }

    public Builder silentHijackShare(double value) {
      silentHijackShare = value;
      return this;
    }

    public Builder domesticAttackerShare(double value) {
      domesticAttackerShare = value;
      return this;
    }

    public Builder crewDeviceShare(double value) {
      crewDeviceShare = value;
      return this;
    }

    public Builder lookalikeSpoofShare(double value) {
      lookalikeSpoofShare = value;
      return this;
    }

    public Builder replaySpoofShare(double value) {
      replaySpoofShare = value;
      return this;
    }

    public Builder forgedInterceptShare(double value) {
      forgedInterceptShare = value;
      return this;
    }

    public Builder rotatingBurstShare(double value) {
      rotatingBurstShare = value;
      return this;
    }

    public Builder scatteredBurstShare(double value) {
      scatteredBurstShare = value;
      return this;
    }

    public Builder burstVerifyShare(double value) {
      burstVerifyShare = value;
      return this;
    }

    public AttackStyles build() {
      return new AttackStyles(silentHijackShare, domesticAttackerShare, crewDeviceShare, lookalikeSpoofShare,
          replaySpoofShare, forgedInterceptShare, rotatingBurstShare, scatteredBurstShare, burstVerifyShare);
    }
  }
}
