package dev.meshtrace.spring.web.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.List;
import org.springframework.http.HttpHeaders;

/**
 * Removes a header from Spring's {@link HttpHeaders} on Spring Framework 6.2 and 7 alike, for meshtrace's Spring
 * adapters (not an API). 6.2's {@code HttpHeaders} is a {@code Map} whose {@code remove} takes an {@code Object};
 * 7's is not and takes a {@code String}, so a direct call compiled against one fails to link on the other. The
 * method is looked up once.
 */
public final class SpringHeaders {
  private static final MethodHandle REMOVE = removeMethod();

  private SpringHeaders() {}

  /** Removes every value of {@code name} (case-insensitive); nothing happens when there is none. */
  public static void remove(HttpHeaders headers, String name) {
    try {
      REMOVE.invoke(headers, name);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable e) {
      throw new IllegalStateException(e);
    }
  }

  private static MethodHandle removeMethod() {
    MethodHandles.Lookup lookup = MethodHandles.publicLookup();
    try {
      return lookup.findVirtual(HttpHeaders.class, "remove", MethodType.methodType(List.class, String.class));
    } catch (NoSuchMethodException spring6) {
      try {
        return lookup.findVirtual(HttpHeaders.class, "remove", MethodType.methodType(List.class, Object.class));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("No HttpHeaders.remove in this Spring Framework version", e);
      }
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }
}
