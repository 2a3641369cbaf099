package io.flashguard.jobs.cli;

import io.flashguard.core.BadInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --notify-webhook URL}: where to post the day's alert summary; off by default. */
final class NotifyOption {
  @Option(names = "--notify-webhook", paramLabel = "URL", defaultValue = "${env:FLASHGUARD_NOTIFY_WEBHOOK}",
      description = "Post a JSON summary of the day's alerts (Slack-compatible 'text') to this http(s) URL; a failed "
          + "post is reported and does not fail the command. Default: $FLASHGUARD_NOTIFY_WEBHOOK. The URL is "
          + "kept out of run manifests and logs.")
  String url;

  /** The webhook, or null when none is set; a malformed URL is a usage error. */
  URI webhook() {
    if (url == null || url.isBlank()) {
      return null;
    }
    try {
      URI uri = new URI(url);
      if (!List.of("http", "https").contains(String.valueOf(uri.getScheme()).toLowerCase(java.util.Locale.ROOT))
          || uri.getHost() == null) {
        throw new BadInputException("--notify-webhook needs an http:// or https:// URL with a host");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new BadInputException("--notify-webhook is not a URL: " + e.getReason());
    }
  }

  /** The command line with the webhook's value replaced, for run manifests: webhook URLs carry secrets. */
  static String redacted(List<String> args) {
    StringBuilder line = new StringBuilder();
    boolean valueNext = false;
    for (String arg : args) {
      String shown = valueNext ? "<redacted>" : arg.startsWith("--notify-webhook=") ? "--notify-webhook=<redacted>" : arg;
      valueNext = arg.equals("--notify-webhook");
      line.append(line.isEmpty() ? "" : " ").append(shown);
    }
    return line.toString();
  }
}
