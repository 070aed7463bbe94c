package dev.recon.runtime;

import dev.recon.aws.AwsClientFactory;
import dev.recon.local.junit.EmbeddedStackExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The end-to-end pipeline suite on the embedded stack (s3proxy, DynamoDB Local, Redis). */
class EmbeddedPipelineIT extends PipelineContract {
  @RegisterExtension static final EmbeddedStackExtension STACK = new EmbeddedStackExtension();

  @Override
  protected AwsClientFactory clients() {
    return STACK.clients();
  }
}
