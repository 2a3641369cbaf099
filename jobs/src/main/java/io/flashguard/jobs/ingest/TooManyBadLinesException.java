package io.flashguard.jobs.ingest;

import io.flashguard.core.BadInputException;
import java.util.Locale;

/** The input had more bad lines than allowed; nothing was published. The CLI exits with 2. */
public final class TooManyBadLinesException extends BadInputException {
  private static final long serialVersionUID = 1L;

  TooManyBadLinesException(IngestResult result, double maxBadFraction) {
    super(String.format(Locale.ROOT,
        "%d of %d input lines (%.2f%%) were quarantined, more than --max-bad-fraction %.2f%%; "
            + "nothing was published. See the per-file counts above and fix the input or raise the limit",
        result.quarantined(), result.linesRead(), 100 * result.badFraction(), 100 * maxBadFraction));
  }
}
