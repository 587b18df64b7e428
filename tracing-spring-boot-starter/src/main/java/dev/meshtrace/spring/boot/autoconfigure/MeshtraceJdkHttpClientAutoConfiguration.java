package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.jdk.httpclient.TracingHttpClient;
import java.net.http.HttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Traces every JDK {@link HttpClient} bean: it is replaced by a {@link TracingHttpClient} wrapping it. A client
 * made with {@code HttpClient.newHttpClient()} needs one line:
 * {@code TracingHttpClient.create(httpTracing, HttpClient.newHttpClient())}. Give a traced client to a
 * {@code RestClient} only without the RestClient interceptor, or each call is recorded twice.
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class)
@ConditionalOnClass(TracingHttpClient.class)
@ConditionalOnBean(HttpTracing.class)
public class MeshtraceJdkHttpClientAutoConfiguration {

  @Bean
  static BeanPostProcessor meshtraceJdkHttpClientPostProcessor(ObjectProvider<HttpTracing> httpTracing) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HttpClient && !(bean instanceof TracingHttpClient)) {
          return TracingHttpClient.create(httpTracing.getObject(), (HttpClient) bean);
        }
        return bean;
      }
    };
  }
}
