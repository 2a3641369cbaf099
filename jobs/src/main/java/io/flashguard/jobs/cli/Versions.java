package io.flashguard.jobs.cli;

import picocli.CommandLine.IVersionProvider;

/** The versions of flashguard and of the Spark it runs on. */
final class Versions implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String own = FlashguardCommand.class.getPackage().getImplementationVersion();
    return new String[] {
        "flashguard " + (own == null ? "development build" : own),
        "Apache Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION()};
  }
}
