package dev.recon.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each deployable unit's role grants exactly what its code calls: for every Lambda function (its
 * template {@code Handler} in the shaded jar that contains it) and for the EMR instance role (the
 * three job jars' {@code Main-Class}), the IAM actions {@link CodeCalls} derives from the jar's
 * bytecode must all be granted by the role's policies, and the role may grant nothing beyond them
 * except what the AWS platform itself does with the role (listed below with the reason).
 *
 * <p>Action level: resources and conditions are reviewed by {@link TemplatePostureTest} and {@link
 * StateMachineWiring}; the state machines' roles are checked against their definitions there. Runs
 * after the jars are packaged (failsafe), on the jars exactly as deployed.
 */
class IamVersusCodeIT {
  private static final Path MODULE = Path.of(System.getProperty("recon.module.dir", "."));
  private static final Set<String> LAMBDA_LOGS =
      Set.of("logs:CreateLogStream", "logs:PutLogEvents");
  private static final Set<String> VPC_ENI =
      Set.of(
          "ec2:CreateNetworkInterface",
          "ec2:DescribeNetworkInterfaces",
          "ec2:DeleteNetworkInterface",
          "ec2:AssignPrivateIpAddresses",
          "ec2:UnassignPrivateIpAddresses");
  private static final Set<String> STORES =
      Set.of("s3", "dynamodb", "sqs", "secretsmanager", "logs");

  private static CfnTemplate template;
  private static Map<String, Map<String, String>> calls; // role → action → call site

  @BeforeAll
  static void analyse() {
    template = CfnTemplate.load(MODULE.resolve("template.yaml"));
    calls = new TreeMap<>();
    List<Path> lambdaJars = jars("-lambda.jar");
    List<Path> jobJars = jars("-job.jar");
    assertThat(lambdaJars).as("the Lambda modules' shaded jars (build with verify)").hasSize(3);
    assertThat(jobJars).as("the Spark job jars (build with verify)").hasSize(3);
    for (String fn : template.resourcesOfType("AWS::Lambda::Function")) {
      JsonNode props = template.resources().path(fn).path("Properties");
      String[] handler = props.path("Handler").asText().split("::");
      Path jar =
          lambdaJars.stream()
              .filter(j -> contains(j, handler[0]))
              .findFirst()
              .orElseThrow(() -> new AssertionError(fn + ": no Lambda jar contains " + handler[0]));
      calls.merge(
          roleOf(props.path("Role")),
          CodeCalls.of(List.of(jar), Map.of(handler[0], handler[1])),
          IamVersusCodeIT::union);
    }
    Map<String, String> emr = new TreeMap<>();
    for (Path jar : jobJars) {
      emr = union(emr, CodeCalls.of(List.of(jar), Map.of(mainClass(jar), "main")));
    }
    calls.put(emrInstanceRole(), emr);
  }

  @Test
  void everyRole_shouldGrantWhatItsCodeCalls_andNothingElse() {
    assertThat(problems(template)).as("code calls %s", calls).isEmpty();
  }

  @Test
  void analysis_shouldFindTheCallsThatMatter() {
    // the defect this check exists for: the worker's conditional ledger write
    assertThat(calls.get("IndexerWorkerRole"))
        .containsKeys("dynamodb:PutItem", "dynamodb:GetItem", "s3:GetObject");
    assertThat(calls.get("IndexerCoordinatorRole")).containsKey("lambda:InvokeFunction");
    assertThat(calls.get("QueryApiRole"))
        .containsKeys("dynamodb:GetItem", "s3:GetObject")
        .doesNotContainKey("dynamodb:PutItem");
    assertThat(calls.get(emrInstanceRole()))
        .containsKeys("s3:PutObject", "dynamodb:BatchGetItem", "secretsmanager:GetSecretValue");
  }

  @Test
  void check_shouldFail_whenTheWorkersLedgerPutItemIsRemoved() {
    CfnTemplate broken = CfnTemplate.of(template.root().deepCopy());
    for (JsonNode policy :
        broken.resources().path("IndexerWorkerRole").path("Properties").path("Policies")) {
      for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
        if (statement.path("Sid").asText().equals("LedgerProgress")) {
          ArrayNode actions = (ArrayNode) statement.path("Action");
          for (int i = actions.size() - 1; i >= 0; i--) {
            if (actions.get(i).asText().equals("dynamodb:PutItem")) {
              actions.remove(i);
            }
          }
        }
      }
    }
    // PutItem is still granted on the index table, which this check does not tell apart: remove it
    // there too
    for (JsonNode policy :
        broken.resources().path("IndexerWorkerRole").path("Properties").path("Policies")) {
      for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
        if (statement.path("Action") instanceof ArrayNode actions) {
          for (int i = actions.size() - 1; i >= 0; i--) {
            if (actions.get(i).asText().equals("dynamodb:PutItem")) {
              actions.remove(i);
            }
          }
        }
      }
    }
    assertThat(problems(broken))
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("IndexerWorkerRole")
                    .contains("lacks dynamodb:PutItem")
                    .contains("dev.recon."));
  }

  @Test
  void check_shouldFail_whenARoleGrantsWhatNoCodeCalls() {
    CfnTemplate broken = CfnTemplate.of(template.root().deepCopy());
    JsonNode statements =
        broken
            .resources()
            .path("QueryApiRole")
            .path("Properties")
            .path("Policies")
            .get(0)
            .path("PolicyDocument")
            .path("Statement");
    ObjectNode extra = ((ArrayNode) statements).addObject();
    extra.put("Effect", "Allow").put("Action", "dynamodb:DeleteItem").put("Resource", "*");
    assertThat(problems(broken))
        .anySatisfy(
            p -> assertThat(p).contains("QueryApiRole").contains("grants dynamodb:DeleteItem"));
  }

  private static List<String> problems(CfnTemplate t) {
    List<String> problems = new ArrayList<>();
    calls.forEach(
        (role, code) -> {
          Map<String, String> platform = platform(t, role, code.keySet());
          Set<String> granted = granted(t, role);
          code.forEach(
              (action, site) -> {
                if (!granted.contains(action)) {
                  problems.add(role + " lacks " + action + ", which " + site + " calls");
                }
              });
          for (String action : granted) {
            if (!code.containsKey(action) && !platform.containsKey(action)) {
              problems.add(
                  role
                      + " grants "
                      + action
                      + ", which no code reachable from its entry points calls");
            }
          }
        });
    return problems;
  }

  /**
   * What AWS itself does with a role, beyond its code's calls: action → why. Derived from the
   * template (a function in a VPC, an on-failure destination, encrypted stores), not listed per
   * role.
   */
  private static Map<String, String> platform(CfnTemplate t, String role, Set<String> code) {
    Map<String, String> out = new LinkedHashMap<>();
    List<String> functions = functionsOf(t, role);
    if (!functions.isEmpty()) {
      LAMBDA_LOGS.forEach(
          a -> out.put(a, "the Lambda service writes the function's log with its role"));
    }
    for (String fn : functions) {
      if (!t.resources().path(fn).path("Properties").path("VpcConfig").isMissingNode()) {
        VPC_ENI.forEach(
            a -> out.put(a, "Lambda manages the VPC function's network interfaces with its role"));
      }
      for (String cfg : t.resourcesOfType("AWS::Lambda::EventInvokeConfig")) {
        JsonNode p = t.resources().path(cfg).path("Properties");
        if (p.path("FunctionName").path("Ref").asText().equals(fn)
            && !p.path("DestinationConfig").path("OnFailure").isMissingNode()) {
          out.put(
              "sqs:SendMessage",
              "Lambda sends failed asynchronous events to the on-failure queue with the role");
        }
      }
    }
    if (role.equals(emrInstanceRole())) {
      out.put("s3:GetObject", "the EMR step downloads the job jar");
      out.put("s3:PutObject", "EMR uploads the cluster's logs");
      out.put("s3:ListBucket", "EMR uploads the cluster's logs");
    }
    // SSE-KMS with the stack's key: reading needs Decrypt, writing GenerateDataKey/Encrypt.
    boolean reads = code.stream().anyMatch(a -> STORES.contains(service(a)));
    boolean writes = code.stream().anyMatch(a -> STORES.contains(service(a)) && isWrite(a));
    if (reads) {
      out.put("kms:Decrypt", "the stores it reads are encrypted with the stack's key");
      out.put("kms:DescribeKey", "the stores it reads are encrypted with the stack's key");
    }
    if (writes) {
      out.put("kms:GenerateDataKey", "the stores it writes are encrypted with the stack's key");
      out.put("kms:Encrypt", "the stores it writes are encrypted with the stack's key");
    }
    return out;
  }

  private static boolean isWrite(String action) {
    String op = action.substring(action.indexOf(':') + 1);
    return Stream.of("Put", "Update", "Delete", "Send", "Create", "BatchWrite", "Abort")
        .anyMatch(op::startsWith);
  }

  private static String service(String action) {
    return action.substring(0, action.indexOf(':'));
  }

  private static Set<String> granted(CfnTemplate t, String role) {
    Set<String> out = new TreeSet<>();
    for (JsonNode policy : t.resources().path(role).path("Properties").path("Policies")) {
      for (JsonNode statement : policy.path("PolicyDocument").path("Statement")) {
        if (!statement.path("Effect").asText().equals("Allow")) {
          continue;
        }
        JsonNode action = statement.path("Action");
        if (action.isTextual()) {
          out.add(action.asText());
        } else {
          action.forEach(a -> out.add(a.asText()));
        }
      }
    }
    return out;
  }

  private static List<String> functionsOf(CfnTemplate t, String role) {
    return t.resourcesOfType("AWS::Lambda::Function").stream()
        .filter(fn -> roleOf(t.resources().path(fn).path("Properties").path("Role")).equals(role))
        .toList();
  }

  private static String roleOf(JsonNode roleArn) {
    JsonNode getAtt = roleArn.path("Fn::GetAtt");
    assertThat(getAtt.path(1).asText())
        .as("Role is !GetAtt <role>.Arn: %s", roleArn)
        .isEqualTo("Arn");
    return getAtt.path(0).asText();
  }

  private static String emrInstanceRole() {
    String cluster = template.resourcesOfType("AWS::EMR::Cluster").get(0);
    String profile =
        template
            .resources()
            .path(cluster)
            .path("Properties")
            .path("JobFlowRole")
            .path("Ref")
            .asText();
    return template
        .resources()
        .path(profile)
        .path("Properties")
        .path("Roles")
        .path(0)
        .path("Ref")
        .asText();
  }

  private static Map<String, String> union(Map<String, String> a, Map<String, String> b) {
    Map<String, String> out = new TreeMap<>(a);
    b.forEach(out::putIfAbsent);
    return out;
  }

  static List<Path> jars(String suffix) {
    try (Stream<Path> modules = Files.list(MODULE.toAbsolutePath().getParent())) {
      return modules
          .map(m -> m.resolve("target"))
          .filter(Files::isDirectory)
          .flatMap(
              target -> {
                try (Stream<Path> files = Files.list(target)) {
                  return files
                      .filter(f -> f.getFileName().toString().endsWith(suffix))
                      .toList()
                      .stream();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean contains(Path jar, String className) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getEntry(className.replace('.', '/') + ".class") != null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String mainClass(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      return file.getManifest().getMainAttributes().getValue("Main-Class");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
