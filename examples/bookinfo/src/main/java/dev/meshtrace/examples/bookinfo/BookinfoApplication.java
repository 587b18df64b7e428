package dev.meshtrace.examples.bookinfo;

import dev.meshtrace.examples.bookinfo.demo.Demo;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.SimpleCommandLinePropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Entry point of {@code bookinfo.jar}: {@code --bookinfo.service=NAME} runs one service, as it would run behind its
 * own sidecar; without it the jar runs the {@link Demo}.
 */
public final class BookinfoApplication {
  private BookinfoApplication() {}

  public static void main(String[] args) {
    StandardEnvironment environment = new StandardEnvironment();
    environment.getPropertySources().addFirst(new SimpleCommandLinePropertySource(args));
    String name = environment.getProperty("bookinfo.service");
    if (name == null) {
      System.exit(Demo.run(args));
    }
    BookinfoService service = BookinfoService.named(name);
    if (service == null) {
      System.err.println("bookinfo.service must be one of " + BookinfoService.names() + ", was '" + name + "'");
      System.exit(2);
    }
    SpringApplication application = new SpringApplication(service.configuration());
    application.setDefaultProperties(service.defaultProperties());
    application.run(args);
  }
}
