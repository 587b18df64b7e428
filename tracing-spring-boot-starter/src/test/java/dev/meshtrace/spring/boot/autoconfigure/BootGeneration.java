package dev.meshtrace.spring.boot.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import org.springframework.util.ClassUtils;

/** Names the Spring Boot classes that moved between 3.5 and 4.0, so one test suite runs on both. */
final class BootGeneration {
  /** True on Spring Boot 4. */
  static final boolean BOOT_4 = ClassUtils.isPresent(MeshtraceTaskExecutionAutoConfiguration.BOOT_4_MARKER, null);

  /** Boot's auto-configuration of RestTemplateBuilder and RestClient.Builder, with what they build on. */
  static final String[] HTTP_CLIENT_AUTO_CONFIGURATIONS = {
      "org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration",
      "org.springframework.boot.autoconfigure.http.client.HttpClientAutoConfiguration",
      "org.springframework.boot.autoconfigure.web.client.RestTemplateAutoConfiguration",
      "org.springframework.boot.autoconfigure.web.client.RestClientAutoConfiguration",
      "org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration",
      "org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration",
      "org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration",
      "org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration",
      "org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration"};

  private BootGeneration() {}

  /** The classes of {@code names} that this generation has. */
  static Class<?>[] present(String... names) {
    List<Class<?>> classes = new ArrayList<>();
    for (String name : names) {
      if (ClassUtils.isPresent(name, null)) classes.add(ClassUtils.resolveClassName(name, null));
    }
    return classes.toArray(new Class<?>[0]);
  }

  /** Boot's RestTemplateBuilder class. */
  static Class<?> restTemplateBuilderClass() {
    Class<?>[] found = present(SpringClientsPostProcessor.REST_TEMPLATE_BUILDERS.toArray(new String[0]));
    if (found.length != 1) throw new IllegalStateException("Expected one RestTemplateBuilder, found " + found.length);
    return found[0];
  }

  /** Calls {@code target.method()} without knowing its generation's type. */
  static Object call(Object target, String method) {
    try {
      return target.getClass().getMethod(method).invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
