package dev.recon.local;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.ReconTables;
import dev.recon.core.config.ReconSettings;
import java.time.Duration;

/**
 * What a fresh stack needs before anyone uses it: the bucket and the two tables, created if absent.
 */
final class StackTables {
  private StackTables() {}

  /** The bucket on s3proxy, once it answers. */
  static void ensureBucket(AwsClientFactory f, ReconSettings settings) {
    ReconTables.ensureBucket(f.s3(), settings.bucket(), settings.region());
  }

  /**
   * The index and ledger tables on DynamoDB Local, once it answers, and waits until both are
   * active.
   */
  static void ensureTables(AwsClientFactory f, ReconSettings settings, Duration timeout) {
    ReconTables.ensureIndexTable(f.dynamoDb(), settings.indexTable());
    ReconTables.ensureLedgerTable(f.dynamoDb(), settings.ledgerTable());
    ReconTables.awaitActive(f.dynamoDb(), settings.indexTable(), timeout);
    ReconTables.awaitActive(f.dynamoDb(), settings.ledgerTable(), timeout);
  }
}
