package io.flashguard.jobs.run;

import io.flashguard.core.BadInputException;
import io.flashguard.core.tables.WarehouseTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** An unbroken span of days, {@code from} to {@code to} inclusive, that a run's stages process at once. */
record DayRange(LocalDate from, LocalDate to) {
  DayRange {
    if (to.isBefore(from)) {
      throw new BadInputException("day range ends before it starts: " + from + ".." + to);
    }
  }

  /** The fewest unbroken spans that cover exactly {@code days}, in order. */
  static List<DayRange> spans(Collection<LocalDate> days) {
    List<DayRange> spans = new ArrayList<>();
    LocalDate from = null;
    LocalDate to = null;
    for (LocalDate day : new TreeSet<>(days)) {
      if (to != null && day.equals(to.plusDays(1))) {
        to = day;
        continue;
      }
      if (from != null) {
        spans.add(new DayRange(from, to));
      }
      from = day;
      to = day;
    }
    if (from != null) {
      spans.add(new DayRange(from, to));
    }
    return spans;
  }

  List<LocalDate> days() {
    return WarehouseTable.days(from, to);
  }

  /** {@code 2026-11-02}, or {@code 2026-11-02..2026-11-04} for several days. */
  @Override
  public String toString() {
    return from.equals(to) ? from.toString() : from + ".." + to;
  }
}
