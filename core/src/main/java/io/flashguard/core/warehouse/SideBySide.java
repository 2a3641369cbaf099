package io.flashguard.core.warehouse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs independent chains of Spark jobs side by side, one driver thread each: ingest's sources,
 * training the fraud types' models, evaluating them. On a small day each chain is a long run of
 * small Spark jobs — gradient-boosted trees start one per tree level and round, about 270 for a
 * model of 60 rounds of depth 4; an evaluation one per metric and error breakdown; an ingest source
 * a count, a ranking and a commit — and each job is mostly the driver's planning and scheduling,
 * so one chain at a time leaves the executors idle. MLlib fits its own candidate models
 * concurrently the same way ({@code CrossValidator.setParallelism}); Spark runs jobs from several
 * threads of one application.
 */
public final class SideBySide {
  private SideBySide() {}

  /**
   * Applies {@code work} to every item, one thread each, and returns the results in the items'
   * order; one item runs on the caller's thread, and no items give no results. The threads are
   * started from the caller's thread, so they inherit its Spark job group. Every item runs to its
   * end; if any failed, the first failure in the items' order is thrown, with the others' as
   * suppressed (what the items that succeeded did, registering a model or publishing a table say,
   * stays done).
   */
  public static <T, R> List<R> each(List<T> items, Function<T, R> work) {
    if (items.size() <= 1) {
      return items.stream().map(work).toList();
    }
    AtomicInteger started = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(items.size(), task -> {
      Thread thread = new Thread(task, "flashguard-side-by-side-" + started.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    try {
      List<Future<R>> running = items.stream().map(item -> threads.submit(() -> work.apply(item))).toList();
      List<R> results = new ArrayList<>();
      RuntimeException failure = null;
      for (Future<R> item : running) {
        try {
          results.add(item.get());
        } catch (ExecutionException e) {
          RuntimeException cause = e.getCause() instanceof RuntimeException runtime ? runtime
              : new IllegalStateException(e.getCause());
          if (failure == null) {
            failure = cause;
          } else {
            failure.addSuppressed(cause);
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while waiting for " + items, e);
        }
      }
      if (failure != null) {
        throw failure;
      }
      return results;
    } finally {
      threads.shutdownNow();
    }
  }
}
