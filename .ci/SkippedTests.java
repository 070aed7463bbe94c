import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints every skipped test class of the last build with its reason, from the Surefire and Failsafe
 * XML reports under each module's target/ (run by .ci/run after Maven, with the JDK alone: {@code
 * java .ci/SkippedTests.java [root]}). A skipped test is one the reports mark {@code <skipped>}
 * (an assumption that failed, a disabled class or method); its message is the reason the test gave.
 * Ends with one line "tests: N passed, N failed, N skipped" over every report. Always exits 0: it
 * reports, the build's own status decides.
 */
public class SkippedTests {
  record Skip(String module, String plugin, String testClass, String reason) {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".");
    List<Path> reports = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path module : modules.filter(Files::isDirectory).sorted().toList()) {
        for (String dir : new String[] {"surefire-reports", "failsafe-reports"}) {
          Path d = module.resolve("target").resolve(dir);
          if (Files.isDirectory(d)) {
            try (Stream<Path> files = Files.list(d)) {
              files
                  .filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))
                  .sorted()
                  .forEach(reports::add);
            }
          }
        }
      }
    }
    // class -> (reason -> count)
    Map<String, Map<String, Integer>> byClass = new TreeMap<>();
    Map<String, String> where = new TreeMap<>();
    int tests = 0;
    int skipped = 0;
    int failed = 0;
    for (Path report : reports) {
      Element suite;
      try {
        var factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        suite = factory.newDocumentBuilder().parse(report.toFile()).getDocumentElement();
      } catch (IOException | org.xml.sax.SAXException e) {
        System.out.println("skipped-tests: unreadable report " + report + ": " + e.getMessage());
        continue;
      }
      String plugin = report.getParent().getFileName().toString().replace("-reports", "");
      String module = report.getParent().getParent().getParent().getFileName().toString();
      NodeList cases = suite.getElementsByTagName("testcase");
      for (int i = 0; i < cases.getLength(); i++) {
        Element c = (Element) cases.item(i);
        tests++;
        if (c.getElementsByTagName("failure").getLength() > 0
            || c.getElementsByTagName("error").getLength() > 0) {
          failed++;
        }
        NodeList s = c.getElementsByTagName("skipped");
        if (s.getLength() == 0) {
          continue;
        }
        skipped++;
        String cls = c.getAttribute("classname");
        if (cls.isEmpty()) {
          cls = suite.getAttribute("name");
        }
        String reason = ((Element) s.item(0)).getAttribute("message");
        if (reason.isBlank()) {
          reason = s.item(0).getTextContent().strip();
        }
        if (reason.isBlank()) {
          reason = "(no reason given)";
        }
        byClass.computeIfAbsent(cls, k -> new TreeMap<>()).merge(reason.strip(), 1, Integer::sum);
        where.put(cls, module + ", " + plugin);
      }
    }
    System.out.println();
    System.out.printf(
        "skipped-tests: %d of %d test cases skipped, in %d classes (from %d reports)%n",
        skipped, tests, byClass.size(), reports.size());
    byClass.forEach(
        (cls, reasons) ->
            reasons.forEach(
                (reason, n) ->
                    System.out.printf(
                        "skipped-tests:   %s (%s): %d skipped: %s%n",
                        cls, where.get(cls), n, oneLine(reason))));
    TreeSet<String> others = new TreeSet<>();
    byClass.forEach(
        (cls, reasons) -> {
          if (reasons.keySet().stream().noneMatch(r -> r.contains("Docker"))) {
            others.add(cls);
          }
        });
    if (!others.isEmpty()) {
      System.out.println(
          "skipped-tests: skipped for a reason other than Docker (LocalStack): " + others);
    }
    // the plain closing line: the whole build's test cases, from the same reports
    System.out.printf("tests: %d passed, %d failed, %d skipped%n", tests - failed - skipped, failed, skipped);
  }

  private static String oneLine(String s) {
    String flat = s.replaceAll("\\s+", " ");
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }
}
