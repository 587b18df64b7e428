package dev.meshtrace.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The build's own rules for published modules, read from the POMs: every module of the reactor that is published (not
 * marked {@code maven.deploy.skip}) is in {@code meshtrace-bom} and in README's module table, and the BOM names nothing
 * else.
 */
class BomCoverageTest {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

  @Test
  void bomListsExactlyThePublishedModules() throws Exception {
    assertThat(bomEntries()).isEqualTo(publishedModules());
  }

  @Test
  void readmeModuleTableNamesEveryPublishedModule() throws Exception {
    String readme = Files.readString(ROOT.resolve("README.md"));
    for (String module : publishedModules()) {
      assertThat(readme).as("README's module table row for %s", module).contains("| `" + module + "` |");
    }
  }

  @Test
  void publishedModulesAreFoundAtAll() throws Exception {
    // Guards the two tests above against passing on an empty reading of the POMs.
    assertThat(publishedModules()).contains("tracing-core", "tracing-zipkin", "tracing-spring-boot-starter");
    assertThat(publishedModules()).doesNotContain("test-support", "benchmarks", "meshtrace-bom");
  }

  static Set<String> publishedModules() throws Exception {
    Set<String> published = new TreeSet<>();
    for (String module : childTexts(read(ROOT.resolve("pom.xml")).getDocumentElement(), "modules", "module")) {
      Element pom = read(ROOT.resolve(module).resolve("pom.xml")).getDocumentElement();
      String packaging = childText(pom, "packaging");
      boolean notDeployed = "true".equals(childTexts(pom, "properties", "maven.deploy.skip").stream()
          .findFirst()
          .orElse("false"));
      if (!"pom".equals(packaging) && !notDeployed) published.add(childText(pom, "artifactId"));
    }
    return published;
  }

  static Set<String> bomEntries() throws Exception {
    Element bom = read(ROOT.resolve("meshtrace-bom/pom.xml")).getDocumentElement();
    Set<String> entries = new TreeSet<>();
    for (Element dependency : children(child(child(bom, "dependencyManagement"), "dependencies"), "dependency")) {
      assertThat(childText(dependency, "groupId")).isEqualTo("dev.meshtrace");
      assertThat(childText(dependency, "version")).isEqualTo("${project.version}");
      entries.add(childText(dependency, "artifactId"));
    }
    return entries;
  }

  static Document read(Path pom) throws Exception {
    return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
  }

  static List<String> childTexts(Element parent, String container, String name) {
    List<String> texts = new ArrayList<>();
    Element element = child(parent, container);
    if (element != null) for (Element child : children(element, name)) texts.add(child.getTextContent().trim());
    return texts;
  }

  static String childText(Element parent, String name) {
    Element child = child(parent, name);
    return child == null ? null : child.getTextContent().trim();
  }

  static Element child(Element parent, String name) {
    List<Element> found = children(parent, name);
    return found.isEmpty() ? null : found.get(0);
  }

  static List<Element> children(Element parent, String name) {
    List<Element> found = new ArrayList<>();
    NodeList nodes = parent.getChildNodes();
    for (int i = 0; i < nodes.getLength(); i++) {
      Node node = nodes.item(i);
      if (node instanceof Element element && element.getTagName().equals(name)) found.add(element);
    }
    return found;
  }
}
