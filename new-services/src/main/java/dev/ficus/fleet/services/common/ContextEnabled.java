package dev.ficus.fleet.services.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Arrays;
import java.util.Map;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** A bean of one bounded context: created only when {@code fleet.contexts} names the context. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Conditional(ContextEnabled.Check.class)
public @interface ContextEnabled {

  /** The context's name: vehicles, trips, users or billing. */
  String value();

  /** Reads {@code fleet.contexts} (comma-separated; all four when unset). */
  final class Check implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      Map<String, Object> attributes =
          metadata.getAnnotationAttributes(ContextEnabled.class.getName());
      String name = attributes == null ? "" : (String) attributes.get("value");
      String contexts =
          context.getEnvironment().getProperty("fleet.contexts", "vehicles,trips,users,billing");
      return Arrays.stream(contexts.split(",")).map(String::trim).anyMatch(name::equals);
    }
  }
}
