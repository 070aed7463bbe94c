package dev.recon.local.adapters;

import dev.recon.aws.AwsClientFactory;
import dev.recon.local.junit.EmbeddedStackExtension;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The adapter contracts against the embedded stack (s3proxy, DynamoDB Local, Redis): one stack for
 * all.
 */
class EmbeddedAdaptersIT {

  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  @Nested
  class S3ObjectStoreIT extends S3ObjectStoreContract {
    @Override
    protected AwsClientFactory clients() {
      return STACK.clients();
    }
  }

  @Nested
  class DynamoDbArtifactIndexIT extends DynamoDbArtifactIndexContract {
    @Override
    protected AwsClientFactory clients() {
      return STACK.clients();
    }
  }

  @Nested
  class DynamoDbBatchLedgerIT extends DynamoDbBatchLedgerContract {
    @Override
    protected AwsClientFactory clients() {
      return STACK.clients();
    }
  }

  @Nested
  class JedisArtifactCacheIT extends JedisArtifactCacheContract {
    @Override
    protected AwsClientFactory clients() {
      return STACK.clients();
    }
  }
}
