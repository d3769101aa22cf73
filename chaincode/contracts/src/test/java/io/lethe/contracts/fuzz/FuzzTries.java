package io.lethe.contracts.fuzz;

import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Optional;
import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets every fuzz property's tries from the system property {@code lethe.fuzz.tries}: the total
 * number of attempts over all attack classes (default 10,000, what CI runs), split evenly.
 * {@code mvn … verify -Dlethe.fuzz.tries=100000} runs ten times as many.
 */
public final class FuzzTries implements AroundPropertyHook {
  static final String PROPERTY = "lethe.fuzz.tries";
  static final int DEFAULT_TOTAL = 10_000;

  static int total() {
    return Integer.getInteger(PROPERTY, DEFAULT_TOTAL);
  }

  static int perClass() {
    int classes = InMemoryClass.COUNT;
    return Math.max(1, (total() + classes - 1) / classes);
  }

  @Override
  public PropagationMode propagateTo() {
    return PropagationMode.ALL_DESCENDANTS;
  }

  @Override
  public boolean appliesTo(Optional<AnnotatedElement> element) {
    return element.map(e -> e instanceof Method).orElse(false);
  }

  @Override
  public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
    context.attributes().setTries(perClass());
    return property.execute();
  }
}
