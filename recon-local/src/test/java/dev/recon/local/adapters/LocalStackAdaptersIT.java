package dev.recon.local.adapters;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.config.ReconSettings;
import dev.recon.local.junit.DockerAvailable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * The same adapter contracts as {@link EmbeddedAdaptersIT}, against LocalStack (S3, DynamoDB) and a
 * Redis container, wherever a Docker engine exists. Without Docker the whole class is skipped and
 * {@link DockerAvailable} says so in the build output.
 */
@ExtendWith(DockerAvailable.class)
@Testcontainers(disabledWithoutDocker = true)
class LocalStackAdaptersIT {

  @Container
  static final LocalStackContainer LOCALSTACK =
      new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.0"))
          .withServices(Service.S3, Service.DYNAMODB);

  @Container
  static final GenericContainer<?> REDIS =
      new GenericContainer<>(DockerImageName.parse("redis:7-alpine")).withExposedPorts(6379);

  static AwsClientFactory clients;

  @BeforeAll
  static void createResources() {
    ReconSettings settings =
        ReconSettings.builder()
            .environment("localstack")
            .region(LOCALSTACK.getRegion())
            .s3Endpoint(LOCALSTACK.getEndpoint().toString())
            .dynamoDbEndpoint(LOCALSTACK.getEndpoint().toString())
            .accessKeyId(LOCALSTACK.getAccessKey())
            .secretAccessKey(LOCALSTACK.getSecretKey())
            .redisUri("redis://" + REDIS.getHost() + ":" + REDIS.getMappedPort(6379))
            .build();
    clients = new AwsClientFactory(settings);
    ReconTables.ensureAll(clients);
  }

  @AfterAll
  static void closeClients() {
    if (clients != null) {
      clients.close();
    }
  }

  @Nested
  class S3ObjectStoreIT extends S3ObjectStoreContract {
    @Override
    protected AwsClientFactory clients() {
      return clients;
    }
  }

  @Nested
  class DynamoDbArtifactIndexIT extends DynamoDbArtifactIndexContract {
    @Override
    protected AwsClientFactory clients() {
      return clients;
    }
  }

  @Nested
  class DynamoDbBatchLedgerIT extends DynamoDbBatchLedgerContract {
    @Override
    protected AwsClientFactory clients() {
      return clients;
    }
  }

  @Nested
  class JedisArtifactCacheIT extends JedisArtifactCacheContract {
    @Override
    protected AwsClientFactory clients() {
      return clients;
    }
  }
}
