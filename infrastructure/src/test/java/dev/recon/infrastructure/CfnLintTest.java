package dev.recon.infrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.recon.stepfunctions.NodeTools;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * AWS's linter (cfn-lint, current resource specifications) finds nothing in template.yaml: no
 * error, no warning, and no informational finding that the template does not suppress with a reason
 * (resource Metadata cfn-lint.config.ignore_checks). One cfn-lint run per build: it lints
 * template.yaml and a small canary template with known defects, so a run that checks nothing (a
 * wrong argument, an unparsed output format) cannot pass as clean.
 */
class CfnLintTest {
  private static final Path TEMPLATE = TemplateTest.MODULE.resolve("template.yaml");

  /**
   * A java17 function (E2533: retired runtime) and a log group without deletion policies (I3011).
   */
  private static final String CANARY =
      """
      AWSTemplateFormatVersion: "2010-09-09"
      Resources:
        Role:
          Type: AWS::IAM::Role
          Properties:
            AssumeRolePolicyDocument:
              Version: "2012-10-17"
              Statement: [{Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}]
        Function:
          Type: AWS::Lambda::Function
          Properties:
            Runtime: java17
            Handler: a.B::handleRequest
            Code: {ZipFile: "x"}
            Role: !GetAtt Role.Arn
        Logs:
          Type: AWS::Logs::LogGroup
          Properties:
            RetentionInDays: 7
      """;

  private static String executable;
  private static NodeTools.Result run;
  private static Path canary;

  @BeforeAll
  static void lintOnce() throws IOException {
    executable = find().orElse(null);
    if (executable == null) {
      System.err.println(
          """
          *** CfnLintTest SKIPPED: cfn-lint not found (PATH, ~/.pyenv/shims/cfn-lint). ***
          *** The template is NOT linted by AWS's linter. Install it: pip install cfn-lint ***""");
      return;
    }
    Path dir = TemplateTest.MODULE.resolve("target");
    Files.createDirectories(dir);
    canary = dir.resolve("cfn-lint-canary.yaml");
    Files.writeString(canary, CANARY);
    run =
        NodeTools.run(
            TemplateTest.MODULE,
            null,
            Duration.ofSeconds(180),
            List.of(
                executable,
                "--format",
                "parseable",
                "--include-checks",
                "I",
                "--",
                TEMPLATE.toString(),
                canary.toString()));
  }

  /** cfn-lint on the PATH, else pyenv's shim; either must answer --version. */
  private static Optional<String> find() {
    List<String> candidates = new ArrayList<>();
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!dir.isEmpty()) {
        candidates.add(Path.of(dir, "cfn-lint").toString());
      }
    }
    candidates.add(
        Path.of(System.getProperty("user.home"), ".pyenv", "shims", "cfn-lint").toString());
    for (String c : candidates) {
      if (Files.isExecutable(Path.of(c))) {
        try {
          if (NodeTools.run(
                      TemplateTest.MODULE, null, Duration.ofSeconds(60), List.of(c, "--version"))
                  .exitCode()
              == 0) {
            return Optional.of(c);
          }
        } catch (UncheckedIOException | IllegalStateException e) {
          // not runnable (e.g. a pyenv shim without the package): try the next one
        }
      }
    }
    return Optional.empty();
  }

  /** The parseable lines (file:line:col:endLine:endCol:RULE:message) about one file. */
  private static List<String> findings(Path file) {
    String prefix = file.toString() + ":";
    return run.stdout()
        .lines()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()))
        .toList();
  }

  private static void assumeLinted() {
    assumeTrue(
        executable != null,
        "cfn-lint not found on the PATH or in ~/.pyenv/shims: skipping the cfn-lint check"
            + " (install it with: pip install cfn-lint)");
  }

  @Test
  void cfnLint_shouldReportTheCanarysKnownDefects_whenRun() {
    assumeLinted();
    // the run checked something: the canary's retired runtime is an error, its log group has no
    // policies
    List<String> canaryFindings = findings(canary);
    assertThat(canaryFindings)
        .as("cfn-lint output:\n%s\n%s", run.stdout(), run.stderr())
        .anyMatch(l -> l.contains(":E2533:"))
        .anyMatch(l -> l.contains(":I3011:"));
    assertThat(run.exitCode() & 2).as("cfn-lint's exit code has the error bit").isEqualTo(2);
  }

  @Test
  void template_shouldHaveNoCfnLintFinding_whenLintedWithInformationalChecks() {
    assumeLinted();
    List<String> problems = findings(TEMPLATE);
    // every line is either a finding about a file or empty: nothing unparsed about the template
    List<String> other =
        run.stdout()
            .lines()
            .filter(
                l -> !l.isBlank() && !l.startsWith(TEMPLATE + ":") && !l.startsWith(canary + ":"))
            .toList();
    assertThat(other).as("cfn-lint output not about either template:\n%s", run.stderr()).isEmpty();
    assertThat(problems)
        .as(
            "cfn-lint findings on template.yaml (errors, warnings, unsuppressed informational):\n%s",
            String.join("\n", problems))
        .isEmpty();
  }
}
