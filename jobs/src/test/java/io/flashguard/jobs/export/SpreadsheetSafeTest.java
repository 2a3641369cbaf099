package io.flashguard.jobs.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

class SpreadsheetSafeTest {

  @Test
  void cellsThatWouldStartAFormulaAreQuoted() {
    for (String risky : List.of("=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx")) {
      assertThat(SpreadsheetSafe.cell(risky)).as("%s is neutralised", risky).isEqualTo("'" + risky);
    }
  }

  @Test
  void ordinaryCellsAreUnchanged() {
    for (String plain : List.of("", "gb-direct-1", "route 1", "1.5", "a=b")) {
      assertThat(SpreadsheetSafe.cell(plain)).as("%s is unchanged", plain).isEqualTo(plain);
    }
  }

  @Test
  void neutralisedCellsRoundTripThroughCommonsCsv() throws IOException {
    String hostile = "=cmd|' /C calc'!A0, \"quoted\"";
    StringWriter out = new StringWriter();
    try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180)) {
      printer.printRecord(SpreadsheetSafe.cell(hostile), "ok");
    }
    CSVRecord back = CSVFormat.RFC4180.parse(new StringReader(out.toString())).getRecords().get(0);
    assertThat(back.get(0)).as("read back").isEqualTo("'" + hostile);
    assertThat(back.get(1)).as("next cell intact").isEqualTo("ok");
  }
}
