package io.flashguard.jobs.ingest;

/** The CDR formats ingest reads (docs/input-formats.md). */
public enum CdrFormat {
  /** flashguard's own CSV with a header: every column of docs/input-formats.md. */
  CANONICAL,
  /** Asterisk cdr_csv Master.csv. */
  ASTERISK,
  /** FreeSWITCH mod_cdr_csv, example/default template. */
  FREESWITCH;

  RecordParser parser(Pseudonymizer pseudonymizer, String routeId) {
    return switch (this) {
      case CANONICAL -> new CanonicalCdrParser(pseudonymizer);
      case ASTERISK -> new AsteriskCdrParser(pseudonymizer);
      case FREESWITCH -> new FreeswitchCdrParser(pseudonymizer, routeId);
    };
  }
}
