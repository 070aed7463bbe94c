package dev.recon.infrastructure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.recon.stepfunctions.StateMachineDefinition;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Ties each state machine of the template to its ASL file (resource {@code
 * Metadata.ReconDefinition}) and checks that what the definition refers to exists and may be used:
 * every placeholder has a substitution and no substitution is unused; a Lambda the definition
 * invokes is a function of the template that the state machine's role may invoke; the EMR cluster
 * steps are added to is the template's cluster, with the step permissions; a started state machine
 * is the template's, with states:StartExecution, and when the start waits for the run ({@code
 * startExecution.sync}, {@code .sync:2}) also states:DescribeExecution and states:StopExecution on
 * that machine's executions and the events actions on the managed rule through which Step Functions
 * learns that the run ended; a job jar is a parameter-named object the EMR nodes may read.
 */
final class StateMachineWiring {
  private static final String EMR_ADD_STEP = "arn:aws:states:::elasticmapreduce:addStep";
  private static final String START_EXECUTION = "arn:aws:states:::states:startExecution";
  static final String EXECUTION_EVENTS_RULE =
      "rule/StepFunctionsGetEventsForStepFunctionsExecutionRule";

  private final CfnTemplate t;
  private final List<String> problems = new ArrayList<>();

  private StateMachineWiring(CfnTemplate t) {
    this.t = t;
  }

  /**
   * {@code definitions} maps a file name of Metadata.ReconDefinition to the unsubstituted
   * definition.
   */
  static List<String> check(CfnTemplate t, Function<String, StateMachineDefinition> definitions) {
    StateMachineWiring w = new StateMachineWiring(t);
    for (String machine : t.resourcesOfType("AWS::StepFunctions::StateMachine")) {
      w.checkMachine(machine, definitions);
    }
    return w.problems;
  }

  private void checkMachine(String machine, Function<String, StateMachineDefinition> definitions) {
    JsonNode resource = t.resources().get(machine);
    JsonNode props = resource.path("Properties");
    String file = resource.path("Metadata").path("ReconDefinition").asText(null);
    if (file == null) {
      problems.add(machine + ": no Metadata.ReconDefinition naming its ASL file in stepfunctions/");
      return;
    }
    if (!props.has("DefinitionS3Location")
        || props.has("DefinitionString")
        || props.has("Definition")) {
      problems.add(
          machine
              + ": the definition must come from the uploaded ASL file (DefinitionS3Location only)");
    }
    StateMachineDefinition definition = definitions.apply(file);
    Set<String> placeholders = definition.unresolvedPlaceholders();
    JsonNode substitutions = props.path("DefinitionSubstitutions");
    Set<String> given = TemplateChecks.names(substitutions);
    for (String p : placeholders) {
      if (!given.contains(p)) {
        problems.add(
            machine
                + ": placeholder ${"
                + p
                + "} of "
                + file
                + " has no DefinitionSubstitutions entry");
      }
    }
    for (String s : given) {
      if (!placeholders.contains(s)) {
        problems.add(machine + ": substitution " + s + " is not used by " + file);
      }
    }
    String role = getAttArnTarget(props.path("RoleArn"));
    if (role == null || !"AWS::IAM::Role".equals(t.type(role))) {
      problems.add(machine + ": RoleArn must be !GetAtt <role>.Arn of a role in the template");
      return;
    }
    Usage usage = Usage.of(definition.json());
    for (String p : placeholders) {
      if (!given.contains(p)) {
        continue; // reported above
      }
      JsonNode value = substitutions.path(p);
      String token = "${" + p + "}";
      if (usage.taskResources.contains(token)) {
        String alias = aliasTarget(value);
        if (alias != null) {
          // a published version behind an alias: the role must grant the alias ARN itself
          requireTarget(
              machine,
              p,
              refTarget(t.resources().path(alias).path("Properties").path("FunctionName")),
              "AWS::Lambda::Function",
              "!Ref <alias> of a function");
          if (!allows(role, "lambda:InvokeFunction", r -> alias.equals(refTarget(r)))) {
            problems.add(
                machine
                    + ": role "
                    + role
                    + " may not lambda:InvokeFunction "
                    + alias
                    + " ("
                    + token
                    + ")");
          }
          continue;
        }
        String function =
            requireTarget(
                machine,
                p,
                getAttArnTarget(value),
                "AWS::Lambda::Function",
                "!GetAtt <function>.Arn");
        if (function != null
            && !allows(role, "lambda:InvokeFunction", r -> isGetAttArn(r, function))) {
          problems.add(
              machine
                  + ": role "
                  + role
                  + " may not lambda:InvokeFunction "
                  + function
                  + " ("
                  + token
                  + ")");
        }
      } else if (usage.clusterIds.contains(token)) {
        String cluster =
            requireTarget(machine, p, refTarget(value), "AWS::EMR::Cluster", "!Ref <cluster>");
        for (String action :
            List.of(
                "elasticmapreduce:AddJobFlowSteps",
                "elasticmapreduce:DescribeStep",
                "elasticmapreduce:CancelSteps")) {
          if (cluster != null && !allows(role, action, r -> subMentions(r, cluster))) {
            problems.add(machine + ": role " + role + " may not " + action + " on " + cluster);
          }
        }
      } else if (usage.startedMachines.contains(token)) {
        String started =
            requireTarget(
                machine,
                p,
                refTarget(value),
                "AWS::StepFunctions::StateMachine",
                "!Ref <state machine>");
        if (started != null
            && !allows(role, "states:StartExecution", r -> started.equals(refTarget(r)))) {
          problems.add(machine + ": role " + role + " may not states:StartExecution " + started);
        }
        if (started != null && usage.waitedForMachines.contains(token)) {
          String executions = ":execution:${" + started + ".Name}:*";
          for (String action : List.of("states:DescribeExecution", "states:StopExecution")) {
            if (!allows(role, action, r -> r.path("Fn::Sub").asText("").endsWith(executions))) {
              problems.add(
                  machine
                      + ": role "
                      + role
                      + " may not "
                      + action
                      + " on the executions of "
                      + started
                      + " (startExecution.sync)");
            }
          }
          for (String action :
              List.of("events:PutTargets", "events:PutRule", "events:DescribeRule")) {
            if (!allows(
                role,
                action,
                r -> r.path("Fn::Sub").asText("").endsWith(":" + EXECUTION_EVENTS_RULE))) {
              problems.add(
                  machine
                      + ": role "
                      + role
                      + " may not "
                      + action
                      + " on "
                      + EXECUTION_EVENTS_RULE
                      + " (startExecution.sync)");
            }
          }
        }
      } else if (p.endsWith("FunctionArn")) {
        String alias = aliasTarget(value);
        if (alias != null) {
          requireTarget(
              machine,
              p,
              refTarget(t.resources().path(alias).path("Properties").path("FunctionName")),
              "AWS::Lambda::Function",
              "!Ref <alias> of a function");
        } else {
          requireTarget(
              machine,
              p,
              getAttArnTarget(value),
              "AWS::Lambda::Function",
              "!GetAtt <function>.Arn");
        }
      } else if (p.endsWith("JarUri")) {
        checkJar(machine, p, value);
      } else if (p.startsWith("Job")) {
        // A job setting on the spark-submit line (spark.yarn.appMasterEnv.RECON_*): any value the
        // template resolves; which settings each step passes is WorkflowDefinitionsTest's.
        if (value.isMissingNode() || value.isNull()) {
          problems.add(machine + ": ${" + p + "} has no value");
        }
      } else {
        problems.add(
            machine
                + ": no rule for placeholder "
                + token
                + "; teach StateMachineWiring what it names");
      }
    }
  }

  private void checkJar(String machine, String placeholder, JsonNode value) {
    String sub = value.path("Fn::Sub").asText("");
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^s3://\\$\\{(\\w+)}/\\$\\{(\\w+)}$").matcher(sub);
    if (!m.matches() || !t.parameters().has(m.group(1)) || !t.parameters().has(m.group(2))) {
      problems.add(
          machine
              + ": "
              + placeholder
              + " must be !Sub s3://${<bucket parameter>}/${<key parameter>}");
      return;
    }
    String object = "${" + m.group(1) + "}/${" + m.group(2) + "}";
    boolean readable = false;
    for (String cluster : t.resourcesOfType("AWS::EMR::Cluster")) {
      String role = instanceRole(cluster);
      readable |=
          role != null
              && allows(role, "s3:GetObject", r -> r.path("Fn::Sub").asText("").endsWith(object));
    }
    if (!readable) {
      problems.add(machine + ": no EMR instance role may s3:GetObject the jar " + object);
    }
  }

  /** The role behind an EMR cluster's JobFlowRole (an instance profile of the template). */
  private String instanceRole(String cluster) {
    String profile = refTarget(t.resources().path(cluster).path("Properties").path("JobFlowRole"));
    if (profile == null) {
      return null;
    }
    return refTarget(t.resources().path(profile).path("Properties").path("Roles").path(0));
  }

  private String requireTarget(
      String machine, String placeholder, String target, String type, String form) {
    if (target == null || !type.equals(t.type(target))) {
      problems.add(
          machine
              + ": ${"
              + placeholder
              + "} must be "
              + form
              + " of a "
              + type
              + " in the template");
      return null;
    }
    return target;
  }

  /**
   * Whether an Allow statement of the role's inline policies grants the action on a matching
   * resource.
   */
  private boolean allows(String role, String action, Predicate<JsonNode> resource) {
    for (JsonNode policy : t.resources().path(role).path("Properties").path("Policies")) {
      JsonNode statements = policy.path("PolicyDocument").path("Statement");
      for (JsonNode s : statements.isArray() ? statements : List.of(statements)) {
        if (!"Allow".equals(s.path("Effect").asText()) || !contains(s.path("Action"), action)) {
          continue;
        }
        JsonNode resources = s.path("Resource");
        for (JsonNode r : resources.isArray() ? resources : List.of(resources)) {
          if (resource.test(r)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean contains(JsonNode actions, String action) {
    if (actions.isTextual()) {
      return actions.asText().equals(action);
    }
    for (JsonNode a : actions) {
      if (a.asText().equals(action)) {
        return true;
      }
    }
    return false;
  }

  private static String getAttArnTarget(JsonNode value) {
    JsonNode g = value.path("Fn::GetAtt");
    return g.isArray() && "Arn".equals(g.path(1).asText()) ? g.path(0).asText() : null;
  }

  private static boolean isGetAttArn(JsonNode value, String resource) {
    return resource.equals(getAttArnTarget(value));
  }

  /** The alias a value {@code !Ref}s (its ARN), or null. */
  private String aliasTarget(JsonNode value) {
    String target = refTarget(value);
    return target != null && "AWS::Lambda::Alias".equals(t.type(target)) ? target : null;
  }

  private static String refTarget(JsonNode value) {
    return value.path("Ref").isTextual() ? value.path("Ref").asText() : null;
  }

  private static boolean subMentions(JsonNode value, String resource) {
    return value.path("Fn::Sub").asText("").contains("${" + resource + "}");
  }

  /** Where a definition uses placeholders: as Task resources, EMR cluster ids, started machines. */
  private record Usage(
      Set<String> taskResources,
      Set<String> clusterIds,
      Set<String> startedMachines,
      Set<String> waitedForMachines) {
    static Usage of(JsonNode machine) {
      Usage u = new Usage(new TreeSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>());
      u.collect(machine);
      return u;
    }

    private void collect(JsonNode machine) {
      for (Map.Entry<String, JsonNode> e : CfnTemplate.entries(machine.path("States")).entrySet()) {
        JsonNode state = e.getValue();
        String resource = state.path("Resource").asText("");
        if (resource.startsWith(EMR_ADD_STEP)) {
          clusterIds.add(state.path("Parameters").path("ClusterId").asText());
        } else if (resource.startsWith(START_EXECUTION)) {
          String started = state.path("Parameters").path("StateMachineArn").asText();
          startedMachines.add(started);
          if (resource.startsWith(START_EXECUTION + ".sync")) {
            waitedForMachines.add(started);
          }
        } else if (!resource.isEmpty()) {
          taskResources.add(resource);
        }
        state.path("Branches").forEach(this::collect);
        if (state.has("ItemProcessor") || state.has("Iterator")) {
          collect(state.has("ItemProcessor") ? state.get("ItemProcessor") : state.get("Iterator"));
        }
      }
    }
  }
}
