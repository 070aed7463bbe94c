package dev.recon.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks of a CloudFormation template, each a pure function returning the problems it found (empty:
 * the check passed), so tests can run them on the real template and on broken ones.
 */
final class TemplateChecks {
  static final Set<String> PSEUDO_PARAMETERS =
      Set.of(
          "AWS::AccountId",
          "AWS::NotificationARNs",
          "AWS::NoValue",
          "AWS::Partition",
          "AWS::Region",
          "AWS::StackId",
          "AWS::StackName",
          "AWS::URLSuffix");

  /** Actions without resource-level permissions: the only ones an Allow may grant on "*". */
  static final Set<String> UNSCOPABLE_ACTIONS =
      Set.of(
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses",
          "logs:CreateLogDelivery",
          "logs:GetLogDelivery",
          "logs:UpdateLogDelivery",
          "logs:DeleteLogDelivery",
          "logs:ListLogDeliveries",
          "logs:PutResourcePolicy",
          "logs:DescribeResourcePolicies",
          "logs:DescribeLogGroups",
          "cloudwatch:PutMetricData",
          "xray:PutTraceSegments",
          "xray:PutTelemetryRecords");

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

  private TemplateChecks() {}

  /**
   * One reference in the template.
   *
   * @param from the resource, output or condition holding it
   * @param kind Ref, GetAtt, Sub, DependsOn, Condition or FindInMap
   * @param target the name referred to
   * @param attribute the GetAtt attribute (GetAtt, or Sub with a dot), else null
   * @param guards conditions of the Fn::If branches around it
   */
  record Reference(String from, String kind, String target, String attribute, Set<String> guards) {}

  // ---------------------------------------------------------------------------------------------
  // References
  // ---------------------------------------------------------------------------------------------

  static List<Reference> references(CfnTemplate t) {
    List<Reference> out = new ArrayList<>();
    CfnTemplate.entries(t.resources())
        .forEach(
            (name, resource) -> {
              JsonNode dependsOn = resource.path("DependsOn");
              for (JsonNode d : dependsOn.isArray() ? dependsOn : List.of(dependsOn)) {
                if (d.isTextual()) {
                  out.add(new Reference(name, "DependsOn", d.asText(), null, Set.of()));
                }
              }
              if (resource.has("Condition")) {
                out.add(
                    new Reference(
                        name, "Condition", resource.get("Condition").asText(), null, Set.of()));
              }
              walk(resource.path("Properties"), name, Set.of(), out);
            });
    CfnTemplate.entries(t.section("Outputs"))
        .forEach(
            (name, output) -> {
              if (output.has("Condition")) {
                out.add(
                    new Reference(
                        "Outputs." + name,
                        "Condition",
                        output.get("Condition").asText(),
                        null,
                        Set.of()));
              }
              walk(output.path("Value"), "Outputs." + name, Set.of(), out);
              walk(output.path("Export"), "Outputs." + name, Set.of(), out);
            });
    CfnTemplate.entries(t.section("Conditions"))
        .forEach((name, c) -> walk(c, "Conditions." + name, Set.of(), out));
    return out;
  }

  private static void walk(JsonNode node, String from, Set<String> guards, List<Reference> out) {
    if (node.isArray()) {
      node.forEach(n -> walk(n, from, guards, out));
      return;
    }
    if (!node.isObject()) {
      return;
    }
    if (node.size() == 1) {
      String fn = node.fieldNames().next();
      JsonNode arg = node.get(fn);
      switch (fn) {
        case "Ref" -> {
          out.add(new Reference(from, "Ref", arg.asText(), null, guards));
          return;
        }
        case "Condition" -> {
          if (arg.isTextual()) {
            out.add(new Reference(from, "Condition", arg.asText(), null, guards));
            return;
          }
        }
        case "Fn::GetAtt" -> {
          if (arg.isTextual()) {
            String s = arg.asText();
            int dot = s.indexOf('.');
            out.add(
                new Reference(
                    from,
                    "GetAtt",
                    dot < 0 ? s : s.substring(0, dot),
                    dot < 0 ? null : s.substring(dot + 1),
                    guards));
          } else {
            out.add(
                new Reference(
                    from,
                    "GetAtt",
                    arg.path(0).asText(),
                    arg.path(1).isTextual() ? arg.path(1).asText() : null,
                    guards));
            walk(arg.path(1), from, guards, out);
          }
          return;
        }
        case "Fn::Sub" -> {
          String text = arg.isTextual() ? arg.asText() : arg.path(0).asText();
          Set<String> locals = new HashSet<>();
          if (arg.isArray() && arg.path(1).isObject()) {
            arg.get(1).fieldNames().forEachRemaining(locals::add);
            walk(arg.get(1), from, guards, out);
          }
          Matcher m = SUB_VARIABLE.matcher(text);
          while (m.find()) {
            String v = m.group(1).trim();
            if (v.startsWith("!") || locals.contains(v)) {
              continue;
            }
            int dot = v.indexOf('.');
            out.add(
                new Reference(
                    from,
                    "Sub",
                    dot < 0 ? v : v.substring(0, dot),
                    dot < 0 ? null : v.substring(dot + 1),
                    guards));
          }
          return;
        }
        case "Fn::If" -> {
          String condition = arg.path(0).asText();
          out.add(new Reference(from, "Condition", condition, null, guards));
          Set<String> inner = new HashSet<>(guards);
          inner.add(condition);
          walk(arg.path(1), from, inner, out);
          walk(arg.path(2), from, guards, out);
          return;
        }
        case "Fn::FindInMap" -> {
          out.add(new Reference(from, "FindInMap", arg.path(0).asText(), null, guards));
          for (int i = 1; i < arg.size(); i++) {
            walk(arg.get(i), from, guards, out);
          }
          return;
        }
        default -> {
          // other functions: look inside
        }
      }
    }
    node.elements().forEachRemaining(n -> walk(n, from, guards, out));
  }

  /**
   * Every Ref, GetAtt, Sub variable, DependsOn, condition and mapping names something that exists.
   */
  static List<String> danglingReferences(CfnTemplate t) {
    Set<String> resources = names(t.resources());
    Set<String> parameters = names(t.parameters());
    Set<String> conditions = names(t.section("Conditions"));
    Set<String> mappings = names(t.section("Mappings"));
    List<String> problems = new ArrayList<>();
    for (Reference r : references(t)) {
      boolean ok =
          switch (r.kind()) {
            case "Ref" ->
                resources.contains(r.target())
                    || parameters.contains(r.target())
                    || PSEUDO_PARAMETERS.contains(r.target());
            case "Sub" ->
                r.attribute() != null
                    ? resources.contains(r.target())
                    : resources.contains(r.target())
                        || parameters.contains(r.target())
                        || PSEUDO_PARAMETERS.contains(r.target());
            case "GetAtt", "DependsOn" -> resources.contains(r.target());
            case "Condition" -> conditions.contains(r.target());
            case "FindInMap" -> mappings.contains(r.target());
            default -> false;
          };
      if (!ok) {
        problems.add(r.from() + ": " + r.kind() + " of '" + r.target() + "', which is not defined");
      }
    }
    return problems;
  }

  /**
   * A resource or output referring to a conditional resource must have the same condition (or an
   * Fn::If).
   */
  static List<String> conditionalReferences(CfnTemplate t) {
    List<String> problems = new ArrayList<>();
    for (Reference r : references(t)) {
      if (!Set.of("Ref", "GetAtt", "Sub", "DependsOn").contains(r.kind())) {
        continue;
      }
      String condition = t.resources().path(r.target()).path("Condition").asText(null);
      if (condition == null || r.guards().contains(condition)) {
        continue;
      }
      JsonNode holder =
          r.from().startsWith("Outputs.")
              ? t.section("Outputs").path(r.from().substring("Outputs.".length()))
              : t.resources().path(r.from());
      if (!condition.equals(holder.path("Condition").asText(null))) {
        problems.add(r.from() + " refers to " + r.target() + ", which exists only if " + condition);
      }
    }
    return problems;
  }

  /** Resources must not depend on each other in a circle (Ref, GetAtt, Sub, DependsOn). */
  static List<String> dependencyCycles(CfnTemplate t) {
    Set<String> resources = names(t.resources());
    Map<String, Set<String>> edges = new HashMap<>();
    for (Reference r : references(t)) {
      if (resources.contains(r.from())
          && resources.contains(r.target())
          && !r.kind().equals("Condition")) {
        edges.computeIfAbsent(r.from(), k -> new TreeSet<>()).add(r.target());
      }
    }
    List<String> problems = new ArrayList<>();
    Map<String, Integer> state = new HashMap<>(); // 1 = on the path, 2 = done
    for (String start : resources) {
      cycles(start, edges, state, new ArrayList<>(), problems);
    }
    return problems;
  }

  private static void cycles(
      String node,
      Map<String, Set<String>> edges,
      Map<String, Integer> state,
      List<String> path,
      List<String> problems) {
    Integer s = state.get(node);
    if (s != null && s == 2) {
      return;
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(node), path.size()));
      cycle.add(node);
      problems.add("dependency cycle: " + String.join(" -> ", cycle));
      return;
    }
    state.put(node, 1);
    path.add(node);
    for (String next : edges.getOrDefault(node, Set.of())) {
      cycles(next, edges, state, path, problems);
    }
    path.remove(path.size() - 1);
    state.put(node, 2);
  }

  // ---------------------------------------------------------------------------------------------
  // IAM
  // ---------------------------------------------------------------------------------------------

  /** A policy statement and where it is. */
  record Statement(String resource, String resourceType, JsonNode node) {}

  /**
   * Every statement of every policy document (roles, policies, bucket/key/queue/topic policies).
   */
  static List<Statement> statements(CfnTemplate t) {
    List<Statement> out = new ArrayList<>();
    CfnTemplate.entries(t.resources())
        .forEach(
            (name, r) ->
                collectStatements(r.path("Properties"), name, r.path("Type").asText(), out));
    return out;
  }

  private static void collectStatements(
      JsonNode node, String resource, String type, List<Statement> out) {
    if (node.isObject() && node.has("Statement")) {
      JsonNode s = node.get("Statement");
      for (JsonNode statement : s.isArray() ? s : List.of(s)) {
        out.add(new Statement(resource, type, statement));
      }
      return;
    }
    if (node.isContainerNode()) {
      node.elements().forEachRemaining(n -> collectStatements(n, resource, type, out));
    }
  }

  private static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node.isTextual()) {
      out.add(node.asText());
    } else if (node.isArray()) {
      node.forEach(
          n -> {
            if (n.isTextual()) {
              out.add(n.asText());
            }
          });
    }
    return out;
  }

  /** No Allow statement grants a wildcard action ("*", "s3:*", "s3:Get*") or uses NotAction. */
  static List<String> wildcardActions(CfnTemplate t) {
    List<String> problems = new ArrayList<>();
    for (Statement s : statements(t)) {
      if (!"Allow".equals(s.node().path("Effect").asText())) {
        continue;
      }
      if (s.node().has("NotAction")) {
        problems.add(s.resource() + ": an Allow with NotAction grants every other action");
      }
      for (String action : strings(s.node().path("Action"))) {
        if (action.contains("*")) {
          problems.add(s.resource() + ": Allow of wildcard action '" + action + "'");
        }
      }
    }
    return problems;
  }

  /**
   * Allow statements name their resources: "*" only for actions that support no resource-level
   * permissions (and in key policies, where "*" means the key itself); never NotResource.
   */
  static List<String> unscopedResources(CfnTemplate t) {
    List<String> problems = new ArrayList<>();
    for (Statement s : statements(t)) {
      if (!"Allow".equals(s.node().path("Effect").asText())
          || s.resourceType().equals("AWS::KMS::Key")) {
        continue;
      }
      if (s.node().has("NotResource")) {
        problems.add(s.resource() + ": an Allow with NotResource");
      }
      if (strings(s.node().path("Resource")).contains("*")) {
        for (String action : strings(s.node().path("Action"))) {
          if (!UNSCOPABLE_ACTIONS.contains(action)) {
            problems.add(s.resource() + ": '" + action + "' allowed on every resource (\"*\")");
          }
        }
      }
    }
    return problems;
  }

  // ---------------------------------------------------------------------------------------------
  // The resource specification
  // ---------------------------------------------------------------------------------------------

  /**
   * Resource types exist; properties exist (at every depth), required ones are present, literal
   * values are among the allowed ones; every GetAtt attribute exists.
   */
  static List<String> specViolations(CfnTemplate t, CfnSpec spec) {
    List<String> problems = new ArrayList<>();
    CfnTemplate.entries(t.resources())
        .forEach(
            (name, resource) -> {
              String type = resource.path("Type").asText();
              if (!type.startsWith("AWS::")) {
                return;
              }
              JsonNode properties =
                  resource.has("Properties")
                      ? resource.get("Properties")
                      : CfnTemplate.MAPPER.createObjectNode();
              spec.resourceType(type)
                  .ifPresentOrElse(
                      entity ->
                          checkProperties(
                              properties, entity.path("properties"), name, spec, problems),
                      () -> problems.add(name + ": unknown resource type " + type));
            });
    for (Reference r : references(t)) {
      if (r.attribute() == null || !(r.kind().equals("GetAtt") || r.kind().equals("Sub"))) {
        continue;
      }
      spec.resourceType(t.type(r.target()))
          .ifPresent(
              entity -> {
                if (!entity.path("attributes").has(r.attribute())) {
                  problems.add(
                      r.from()
                          + ": "
                          + t.type(r.target())
                          + " "
                          + r.target()
                          + " has no attribute "
                          + r.attribute());
                }
              });
    }
    return problems;
  }

  private static void checkProperties(
      JsonNode value, JsonNode properties, String path, CfnSpec spec, List<String> problems) {
    if (isIntrinsic(value)) {
      return;
    }
    if (!value.isObject()) {
      problems.add(path + ": expected an object, got " + value);
      return;
    }
    value
        .fieldNames()
        .forEachRemaining(
            field -> {
              if (!properties.has(field)) {
                problems.add(path + ": unknown property " + field);
              }
            });
    CfnTemplate.entries(properties)
        .forEach(
            (field, property) -> {
              JsonNode v = value.get(field);
              if (v == null) {
                if (property.path("required").asBoolean(false)) {
                  problems.add(path + ": required property " + field + " is missing");
                }
                return;
              }
              List<String> own = new ArrayList<>();
              checkValue(v, property.path("type"), path + "." + field, spec, own);
              if (!own.isEmpty()) {
                // A property may still accept a type it had before (the spec keeps them).
                for (JsonNode previous : property.path("previousTypes")) {
                  List<String> again = new ArrayList<>();
                  checkValue(v, previous, path + "." + field, spec, again);
                  if (again.isEmpty()) {
                    own.clear();
                    break;
                  }
                }
              }
              problems.addAll(own);
            });
  }

  private static void checkValue(
      JsonNode value, JsonNode type, String path, CfnSpec spec, List<String> problems) {
    if (isIntrinsic(value)) {
      if (value.has("Fn::If")) {
        for (int i = 1; i <= 2; i++) {
          JsonNode branch = value.get("Fn::If").path(i);
          if (!(branch.isObject() && "AWS::NoValue".equals(branch.path("Ref").asText()))) {
            checkValue(branch, type, path, spec, problems);
          }
        }
      }
      return;
    }
    switch (type.path("type").asText()) {
      case "ref" ->
          spec.typeDefinition(type.path("reference").path("$ref").asText())
              .ifPresentOrElse(
                  definition ->
                      checkProperties(value, definition.path("properties"), path, spec, problems),
                  () -> problems.add(path + ": unknown property type " + type));
      case "array" -> {
        if (!value.isArray()) {
          problems.add(path + ": expected a list");
        } else {
          int i = 0;
          for (JsonNode element : value) {
            checkValue(element, type.path("element"), path + "[" + i++ + "]", spec, problems);
          }
        }
      }
      case "map" -> {
        if (!value.isObject()) {
          problems.add(path + ": expected a map");
        } else {
          CfnTemplate.entries(value)
              .forEach(
                  (k, v) -> checkValue(v, type.path("element"), path + "." + k, spec, problems));
        }
      }
      case "tag" -> {
        if (!value.isObject() || !value.has("Key") || !value.has("Value")) {
          problems.add(path + ": a tag needs Key and Value");
        }
      }
      case "union" -> {
        List<String> first = null;
        for (JsonNode alternative : type.path("types")) {
          List<String> attempt = new ArrayList<>();
          checkValue(value, alternative, path, spec, attempt);
          if (attempt.isEmpty()) {
            return;
          }
          first = first == null ? attempt : first;
        }
        if (first != null) {
          problems.addAll(first);
        }
      }
      case "json" -> {
        // any JSON (policy documents, EMR security configurations, …)
      }
      default -> {
        // string, number, integer, boolean, date-time: a scalar; strings may have allowed values
        if (value.isContainerNode()) {
          problems.add(path + ": expected a " + type.path("type").asText() + ", got " + value);
          return;
        }
        JsonNode allowed = type.path("allowedValues");
        if (allowed.isArray() && !allowed.isEmpty() && value.isTextual()) {
          boolean ok = false;
          for (JsonNode a : allowed) {
            ok |= a.asText().equalsIgnoreCase(value.asText());
          }
          if (!ok) {
            problems.add(path + ": '" + value.asText() + "' is not one of " + allowed);
          }
        }
      }
    }
  }

  private static boolean isIntrinsic(JsonNode value) {
    if (!value.isObject() || value.size() != 1) {
      return false;
    }
    String key = value.fieldNames().next();
    return key.equals("Ref") || key.startsWith("Fn::");
  }

  // ---------------------------------------------------------------------------------------------
  // S3 retention
  // ---------------------------------------------------------------------------------------------

  /**
   * No lifecycle rule of a data bucket expires current objects under {@code <env>/state/}: index
   * entries and history chains point into the state part-files. {@code ${EnvironmentName}} stands
   * for any environment. Data buckets are those a {@code RECON_BUCKET} setting names.
   */
  static List<String> stateRetention(CfnTemplate t) {
    String state = "env/state/part-00000.jsonl";
    List<String> problems = new ArrayList<>();
    Set<String> dataBuckets = dataBuckets(t);
    if (dataBuckets.isEmpty()) {
      problems.add("no RECON_BUCKET setting names a bucket of the template");
    }
    for (String bucket : dataBuckets) {
      JsonNode rules =
          t.resources()
              .path(bucket)
              .path("Properties")
              .path("LifecycleConfiguration")
              .path("Rules");
      for (JsonNode rule : rules) {
        boolean expires = rule.has("ExpirationInDays") || rule.has("ExpirationDate");
        if (!expires || !"Enabled".equals(rule.path("Status").asText())) {
          continue;
        }
        JsonNode prefix =
            rule.has("Prefix") ? rule.get("Prefix") : rule.path("Filter").path("Prefix");
        String p = literal(prefix);
        if (p.isEmpty() || state.startsWith(p)) {
          problems.add(
              bucket
                  + ": lifecycle rule "
                  + rule.path("Id").asText("?")
                  + " expires objects under state/ (prefix '"
                  + p
                  + "')");
        }
      }
    }
    return problems;
  }

  /** Buckets named by a {@code RECON_BUCKET} setting (Lambda environment, EMR configuration). */
  static Set<String> dataBuckets(CfnTemplate t) {
    Set<String> out = new TreeSet<>();
    collectDataBuckets(t, t.resources(), out);
    return out;
  }

  private static void collectDataBuckets(CfnTemplate t, JsonNode node, Set<String> out) {
    if (!node.isContainerNode()) {
      return;
    }
    if (node.isObject()) {
      CfnTemplate.entries(node)
          .forEach(
              (k, v) -> {
                if (k.endsWith("RECON_BUCKET")
                    && v.path("Ref").isTextual()
                    && "AWS::S3::Bucket".equals(t.type(v.path("Ref").asText()))) {
                  out.add(v.path("Ref").asText());
                }
              });
    }
    node.elements().forEachRemaining(n -> collectDataBuckets(t, n, out));
  }

  /** A string or Fn::Sub as text, with ${EnvironmentName} as "env" and other variables empty. */
  private static String literal(JsonNode node) {
    String text =
        node.isTextual()
            ? node.asText()
            : node.path("Fn::Sub").isTextual() ? node.path("Fn::Sub").asText() : "";
    return text.replace("${EnvironmentName}", "env").replaceAll("\\$\\{[^}]*}", "");
  }

  // ---------------------------------------------------------------------------------------------
  // Lambda handlers
  // ---------------------------------------------------------------------------------------------

  /**
   * Every function's {@code Handler} ({@code package.Class::method}) names a class in one of the
   * repository's modules ({@code <module>/src/main/java/package/Class.java}) that declares the
   * method, so a renamed handler or a placeholder fails the build, not the first invocation. A
   * handler given by a parameter or an intrinsic is reported too: it could name anything.
   */
  static List<String> missingHandlers(CfnTemplate t, Path repositoryRoot) {
    List<String> problems = new ArrayList<>();
    List<Path> sourceRoots = new ArrayList<>();
    try (Stream<Path> modules = Files.list(repositoryRoot)) {
      modules
          .map(m -> m.resolve("src/main/java"))
          .filter(Files::isDirectory)
          .sorted()
          .forEach(sourceRoots::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the modules of " + repositoryRoot, e);
    }
    for (String function : t.resourcesOfType("AWS::Lambda::Function")) {
      JsonNode handler = t.resources().path(function).path("Properties").path("Handler");
      if (!handler.isTextual()) {
        problems.add(function + ": Handler is not a literal class name (" + handler + ")");
        continue;
      }
      String text = handler.asText();
      int colons = text.indexOf("::");
      String className = colons < 0 ? text : text.substring(0, colons);
      String method = colons < 0 ? "handleRequest" : text.substring(colons + 2);
      String file = className.replace('.', '/') + ".java";
      Optional<Path> source =
          sourceRoots.stream().map(r -> r.resolve(file)).filter(Files::isRegularFile).findFirst();
      if (source.isEmpty()) {
        problems.add(
            function
                + ": handler class "
                + className
                + " is in no module (looked for */src/main/java/"
                + file
                + ")");
        continue;
      }
      try {
        if (!Pattern.compile("\\b" + Pattern.quote(method) + "\\s*\\(")
            .matcher(Files.readString(source.get()))
            .find()) {
          problems.add(function + ": " + className + " declares no method " + method);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return problems;
  }

  static Set<String> names(JsonNode section) {
    Set<String> out = new LinkedHashSet<>();
    section.fieldNames().forEachRemaining(out::add);
    return out;
  }

  static List<String> all(Collection<List<String>> results) {
    List<String> out = new ArrayList<>();
    results.forEach(out::addAll);
    return out;
  }
}
