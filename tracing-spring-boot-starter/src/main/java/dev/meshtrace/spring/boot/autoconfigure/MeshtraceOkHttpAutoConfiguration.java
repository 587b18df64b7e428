package dev.meshtrace.spring.boot.autoconfigure;

import dev.meshtrace.http.HttpTracing;
import dev.meshtrace.okhttp.MeshtraceOkHttp;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Traces every {@link OkHttpClient} bean: a client span per attempt and the trace and mesh headers on every
 * request. A client made with {@code new} needs one line: {@code client = okHttpTracing.instrument(client)} with
 * the {@link MeshtraceOkHttp} bean.
 */
@AutoConfiguration(after = MeshtraceAutoConfiguration.class)
@ConditionalOnClass({OkHttpClient.class, MeshtraceOkHttp.class})
@ConditionalOnBean(HttpTracing.class)
public class MeshtraceOkHttpAutoConfiguration {

  @Bean
  @ConditionalOnMissingBean
  MeshtraceOkHttp meshtraceOkHttp(HttpTracing httpTracing) {
    return MeshtraceOkHttp.create(httpTracing);
  }

  @Bean
  static BeanPostProcessor meshtraceOkHttpClientPostProcessor(ObjectProvider<MeshtraceOkHttp> okHttpTracing) {
    return new BeanPostProcessor() {
      @Override
      public Object postProcessAfterInitialization(Object bean, String beanName) {
        return bean instanceof OkHttpClient ? okHttpTracing.getObject().instrument((OkHttpClient) bean) : bean;
      }
    };
  }
}
