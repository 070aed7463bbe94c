package dev.recon.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.config.ReconSettings;
import dev.recon.local.junit.DockerAvailable;
import dev.recon.stepfunctions.Definitions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The same end-to-end suite against LocalStack's S3 and DynamoDB and a Redis container, plus
 * LocalStack's Step Functions accepting both ASL files, wherever a Docker engine exists. Without
 * Docker the class is skipped and {@link DockerAvailable} says so in the build output.
 */
@ExtendWith(DockerAvailable.class)
@Testcontainers(disabledWithoutDocker = true)
class LocalStackPipelineIT extends PipelineContract {
  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.0"))
          .withServices(Service.S3, Service.DYNAMODB, Service.STEPFUNCTIONS);

  @Container
  static final GenericContainer<?> REDIS =
      new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);

  private static AwsClientFactory clients;

  @BeforeAll
  static void createResources() {
    clients =
        new AwsClientFactory(
            ReconSettings.builder()
                .environment("localstack")
                .region(LOCALSTACK.getRegion())
                .s3Endpoint(LOCALSTACK.getEndpoint().toString())
                .dynamoDbEndpoint(LOCALSTACK.getEndpoint().toString())
                .accessKeyId(LOCALSTACK.getAccessKey())
                .secretAccessKey(LOCALSTACK.getSecretKey())
                .redisUri("redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379))
                .build());
    ReconTables.ensureAll(clients);
  }

  @AfterAll
  static void close() {
    if (clients != null) {
      clients.close();
    }
  }

  @Override
  protected AwsClientFactory clients() {
    return clients;
  }

  @Test
  void stepFunctions_shouldAcceptBothDefinitions() throws IOException {
    try (SfnClient sfn =
        SfnClient.builder()
            .endpointOverride(URI.create(LOCALSTACK.getEndpoint().toString()))
            .region(Region.of(LOCALSTACK.getRegion()))
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(
                        LOCALSTACK.getAccessKey(), LOCALSTACK.getSecretKey())))
            .build()) {
      for (String resource : Definitions.ALL) {
        String asl;
        try (InputStream in = Definitions.class.getClassLoader().getResourceAsStream(resource)) {
          asl =
              new String(in.readAllBytes(), StandardCharsets.UTF_8)
                  .replaceAll(
                      "\\$\\{[A-Za-z]+Arn}",
                      "arn:aws:lambda:us-east-1:000000000000:function:placeholder")
                  .replaceAll("\\$\\{[A-Za-z]+}", "placeholder");
        }
        String arn =
            sfn.createStateMachine(
                    b ->
                        b.name(resource.replaceAll("[^A-Za-z]", "-"))
                            .roleArn("arn:aws:iam::000000000000:role/recon")
                            .definition(asl))
                .stateMachineArn();
        assertThat(arn).contains("stateMachine");
      }
    }
  }
}
