package io.flashguard.jobs.report;

import java.util.List;

/** The colours of every chart flashguard draws, in the report and in the notebooks. */
public final class Palette {
  /** Categorical colours that stay apart in print and for the common colour-vision deficiencies (Okabe–Ito). */
  public static final List<String> OKABE_ITO = List.of("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
      "#D55E00", "#F0E442", "#000000");

  private Palette() {}
}
