package io.flashguard.models;

import io.flashguard.core.BadInputException;
import io.flashguard.core.tables.FeaturesTable;
import io.flashguard.core.tables.WindowFeaturesTable;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** The three frauds flashguard detects (docs/detection.md), with the name its model is registered under. */
public enum FraudType {
  SPOOFED_CLI("spoofed-cli", "spoofed_cli"),
  FORWARDING_HIJACK("forwarding-hijack", "forwarding_hijack"),
  PUMPING("pumping", "pumping");

  private final String modelName;
  private final String label;

  FraudType(String modelName, String label) {
    this.modelName = modelName;
    this.label = label;
  }

  /** Name of the model in the registry and on the command line, e.g. {@code spoofed-cli}. */
  public String modelName() {
    return modelName;
  }

  /** The value in {@code labels.label} and {@code flags.fraud_type}, e.g. {@code spoofed_cli}. */
  public String label() {
    return label;
  }

  /** Pumping is detected per traffic window; the others per verification. */
  public boolean windowLevel() {
    return this == PUMPING;
  }

  /** The model's input columns, in assembler order. */
  public List<String> features() {
    return windowLevel() ? WindowFeaturesTable.NUMERIC : FeaturesTable.NUMERIC;
  }

  /** The fraud type of a model name; an {@link IllegalArgumentException} naming the known ones otherwise. */
  public static FraudType ofModelName(String name) {
    return Arrays.stream(values()).filter(type -> type.modelName.equals(name)).findFirst()
        .orElseThrow(() -> new BadInputException("unknown model '" + name + "'; the models are "
            + Arrays.stream(values()).map(FraudType::modelName).collect(Collectors.joining(", "))));
  }
}
