package io.flashguard.simulator;

import static io.flashguard.simulator.Settings.require;
import static io.flashguard.simulator.Settings.share;

import java.io.Serializable;

/**
 * Honest traffic that looks suspicious: the hard negatives a detector meets in production. Each
 * field is one family with its intensity; {@link #DEFAULTS} puts every family on at a plausible
 * level (docs/simulator.md).
 *
 * @param substitutionFactor scales how often routes replace our CLI before it reaches the handset
 *     (grey routes through SIM boxes ~45% of calls, aggregators ~5%, direct routes ~1%, each route
 *     varying from day to day); 0 keeps every CLI intact
 * @param simBoxSims the local mobile numbers a grey route's SIM box presents instead of our CLI
 * @param inRangeSubstituteShare share of the other substitutes on aggregator and grey routes that are
 *     a local line inside our own CLI range (a VoIP gateway in the same city presenting its own
 *     number): one of our numbers with a code nobody was sent, the honest counterpart of a guess
 * @param gatewayIncidentsPerDay hours-long incidents in which one route presents one of three fixed
 *     numbers on every call
 * @param voicemailRate share of honest flash calls forwarded to voicemail (handset off or busy):
 *     one diversion, answered by the operator's voicemail platform, usually no report
 * @param roamingShare share of honest users abroad (IP country is not the number's)
 * @param vpnShare share of honest users behind a VPN that exits in another country
 * @param dualSimShare share of honest verifications from a handset that also verified another
 *     number (dual SIM, family phone)
 * @param deviceChangeRate daily chance that a returning customer has a new handset or reinstalled the
 *     app (the number's next verification comes from a device never seen with it)
 * @param platformLoyalty chance that a customer's new handset runs the platform (Android, iOS, web)
 *     of their first one; otherwise the platform is drawn afresh (and may come out the same)
 * @param campaignsPerDay legitimate surges: an app's campaign in one country that brings many new
 *     users within an hour
 * @param campaignSize verifications per campaign
 * @param manualRetries most tries an honest user types before giving up (after a typo, or when the
 *     CLI they saw was substituted)
 * @param codeOnlyShare share of typed reports that give the code's digits alone, read off the screen
 *     (no number at all: the platform checks the code, so they verify when the code is right)
 * @param wholesaleRoute one wholesale route serves every country: it carries the direct traffic of
 *     every other country and the grey traffic of the rest, so it substitutes CLIs towards some
 *     countries and delivers them intact to others
 */
public record HonestVariety(
    double substitutionFactor,
    int simBoxSims,
    double inRangeSubstituteShare,
    int gatewayIncidentsPerDay,
    double voicemailRate,
    double roamingShare,
    double vpnShare,
    double dualSimShare,
    double deviceChangeRate,
    double platformLoyalty,
    int campaignsPerDay,
    int campaignSize,
    int manualRetries,
    double codeOnlyShare,
    boolean wholesaleRoute) implements Serializable {

  public static final HonestVariety DEFAULTS =
      new HonestVariety(1.0, 12, 0.1, 1, 0.03, 0.03, 0.03, 0.03, 0.02, 0.85, 1, 200, 4, 0.15, false);

  public HonestVariety {
    require(substitutionFactor >= 0 && substitutionFactor <= 3, "the substitution factor must lie in [0, 3]");
    require(simBoxSims >= 1, "a SIM box needs at least one SIM");
    require(gatewayIncidentsPerDay >= 0 && campaignsPerDay >= 0 && campaignSize >= 0,
        "incidents and campaigns must be >= 0");
    require(share(inRangeSubstituteShare) && share(voicemailRate) && share(roamingShare) && share(vpnShare)
        && share(dualSimShare) && share(deviceChangeRate) && share(platformLoyalty) && share(codeOnlyShare),
        "shares and rates must lie in [0, 1]");
    require(manualRetries >= 1 && manualRetries <= 10, "manual retries must lie in [1, 10]");
  }

  /** A builder starting from {@link #DEFAULTS}: name the families that differ. */
  public static Builder builder() {
    return new Builder(DEFAULTS);
  }

  /** A builder starting from these intensities. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Named intensities, each family's default until set. */
  public static final class Builder {
    private double substitutionFactor;
    private int simBoxSims;
    private double inRangeSubstituteShare;
    private int gatewayIncidentsPerDay;
    private double voicemailRate;
    private double roamingShare;
    private double vpnShare;
    private double dualSimShare;
    private double deviceChangeRate;
    private double platformLoyalty;
    private int campaignsPerDay;
    private int campaignSize;
    private int manualRetries;
    private double codeOnlyShare;
    private boolean wholesaleRoute;

    private Builder(HonestVariety from) {
      substitutionFactor = from.substitutionFactor;
      simBoxSims = from.simBoxSims;
      inRangeSubstituteShare = from.inRangeSubstituteShare;
      gatewayIncidentsPerDay = from.gatewayIncidentsPerDay;
      voicemailRate = from.voicemailRate;
      roamingShare = from.roamingShare;
      vpnShare = from.vpnShare;
      dualSimShare = from.dualSimShare;
      deviceChangeRate = from.deviceChangeRate;
      platformLoyalty = from.platformLoyalty;
      campaignsPerDay = from.campaignsPerDay;
      campaignSize = from.campaignSize;
      manualRetries = from.manualRetries;
      codeOnlyShare = from.codeOnlyShare;
      wholesaleRoute = from.wholesaleRoute;
    }

    public Builder substitutionFactor(double value) {
      substitutionFactor = value;
      return this;
    }

    public Builder simBoxSims(int value) {
      simBoxSims = value;
      return this;
    }

    public Builder inRangeSubstituteShare(double value) {
      inRangeSubstituteShare = value;
      return this;
    }

    public Builder gatewayIncidentsPerDay(int value) {
      gatewayIncidentsPerDay = value;
      return this;
    }

    public Builder voicemailRate(double value) {
      voicemailRate = value;
      return this;
    }

    public Builder roamingShare(double value) {
      roamingShare = value;
      return this;
    }

    public Builder vpnShare(double value) {
      vpnShare = value;
      return this;
    }

    public Builder dualSimShare(double value) {
      dualSimShare = value;
      return this;
    }

    public Builder deviceChangeRate(double value) {
      deviceChangeRate = value;
      return this;
    }

    public Builder platformLoyalty(double value) {
      platformLoyalty = value;
      return this;
    }

    public Builder campaignsPerDay(int value) {
      campaignsPerDay = value;
      return this;
    }

    public Builder campaignSize(int value) {
      campaignSize = value;
      return this;
    }

    public Builder manualRetries(int value) {
      manualRetries = value;
      return this;
    }

    public Builder codeOnlyShare(double value) {
      codeOnlyShare = value;
      return this;
    }

    public Builder wholesaleRoute(boolean value) {
      wholesaleRoute = value;
      return this;
    }

    public HonestVariety build() {
      return new HonestVariety(substitutionFactor, simBoxSims, inRangeSubstituteShare, gatewayIncidentsPerDay,
          voicemailRate, roamingShare, vpnShare, dualSimShare, deviceChangeRate, platformLoyalty, campaignsPerDay,
          campaignSize, manualRetries, codeOnlyShare, wholesaleRoute);
    }
  }
}
