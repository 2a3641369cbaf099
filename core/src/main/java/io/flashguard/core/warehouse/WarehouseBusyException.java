package io.flashguard.core.warehouse;

import org.apache.hadoop.fs.Path;

/** Another flashguard run holds the warehouse; nothing was changed. */
public final class WarehouseBusyException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  WarehouseBusyException(Path lock, String holder) {
    super("another flashguard run is writing to this warehouse (" + holder.strip().replace('\n', ',')
        + "); wait for it, or delete " + lock + " if you are sure no run is active");
  }
}
