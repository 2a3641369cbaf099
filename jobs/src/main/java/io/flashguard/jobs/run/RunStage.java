package io.flashguard.jobs.run;

/**
 * The stages that follow ingest, in their order ({@link DayStages} runs them). A run goes through every stage
 * up to its settings' last one ({@link RunSettings#lastStage}): the scheduled run through all of
 * them, the demo up to the route alerts (it trains its models before it scores and reports), tests
 * of detection only to the attempts.
 */
public enum RunStage {
  ATTEMPTS,
  ROUTE_METRICS,
  ROUTE_ALERTS,
  SCORE,
  REPORT;

  /** Whether a run whose last stage is {@code last} runs this one. */
  public boolean runsUntil(RunStage last) {
    return compareTo(last) <= 0;
  }
}
