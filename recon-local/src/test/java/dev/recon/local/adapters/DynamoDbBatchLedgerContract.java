package dev.recon.local.adapters;

import dev.recon.aws.AwsClientFactory;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.testing.BatchLedgerContract;

/** {@code DynamoDbBatchLedger} against a real DynamoDB: the {@link BatchLedgerContract}. */
abstract class DynamoDbBatchLedgerContract extends BatchLedgerContract {

  protected abstract AwsClientFactory clients();

  @Override
  protected BatchLedger batchLedger() {
    return clients().batchLedger();
  }
}
