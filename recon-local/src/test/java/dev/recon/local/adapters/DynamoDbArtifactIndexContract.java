package dev.recon.local.adapters;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.testing.ArtifactIndexContract;

/** {@code DynamoDbArtifactIndex} against a real DynamoDB: the {@link ArtifactIndexContract}. */
abstract class DynamoDbArtifactIndexContract extends ArtifactIndexContract {

  protected abstract AwsClientFactory clients();

  @Override
  protected ArtifactIndex artifactIndex() {
    return clients().artifactIndex();
  }
}
