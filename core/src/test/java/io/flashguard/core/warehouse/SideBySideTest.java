package io.flashguard.core.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flashguard.core.BadInputException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How {@code train} and {@code evaluate} run the fraud types side by side: in their order, each to its end, failures kept. */
class SideBySideTest {

  @Test
  void modelsTrainAtTheSameTimeAndComeBackInTheirOrder() {
    // each model waits for the other two to have started: sequential training would never finish
    CountDownLatch started = new CountDownLatch(3);
    Set<String> threads = ConcurrentHashMap.newKeySet();
    List<String> cards = SideBySide.each(List.of("spoofed-cli", "forwarding-hijack", "pumping"), model -> {
      threads.add(Thread.currentThread().getName());
      started.countDown();
      try {
        assertThat(started.await(10, TimeUnit.SECONDS)).as("the other models started").isTrue();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      return "card of " + model;
    });

    assertThat(cards).as("in the models' order").containsExactly("card of spoofed-cli", "card of forwarding-hijack",
        "card of pumping");
    assertThat(threads).as("one thread each").hasSize(3);
  }

  @Test
  void everyModelRunsToItsEndAndTheFirstFailureInTheirOrderIsThrown() {
    Set<String> finished = ConcurrentHashMap.newKeySet();
    assertThatThrownBy(() -> SideBySide.each(List.of("spoofed-cli", "forwarding-hijack", "pumping"), model -> {
      if (!model.equals("spoofed-cli")) {
        throw new BadInputException("no " + model + " in the training days");
      }
      finished.add(model);
      return model;
    }))
        .isInstanceOf(BadInputException.class)
        .hasMessage("no forwarding-hijack in the training days")
        .satisfies(failure -> assertThat(failure.getSuppressed()).as("the later failures, kept").extracting(Throwable::getMessage)
            .containsExactly("no pumping in the training days"));
    assertThat(finished).as("the model that could train did").containsExactly("spoofed-cli");
  }

  @Test
  void oneModelTrainsOnTheCallersThread() {
    List<String> threads = SideBySide.each(List.of("pumping"), model -> Thread.currentThread().getName());
    assertThat(threads).as("no thread started for one model").containsExactly(Thread.currentThread().getName());
  }

  @Test
  void noItemsGiveNoResults() {
    assertThat(SideBySide.each(List.<String>of(), item -> item)).as("nothing to run, no thread pool").isEmpty();
  }
}
