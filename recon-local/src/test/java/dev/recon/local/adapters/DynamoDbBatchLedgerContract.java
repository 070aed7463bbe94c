package dev.recon.local.adapters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.DynamoDbBatchLedger;
import dev.recon.aws.ReconTables;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import dev.recon.core.testing.BatchLedgerContract;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** {@code DynamoDbBatchLedger} against a real DynamoDB: the {@link BatchLedgerContract}. */
abstract class DynamoDbBatchLedgerContract extends BatchLedgerContract {

  protected abstract AwsClientFactory clients();

  @Override
  protected BatchLedger batchLedger() {
    return clients().batchLedger();
  }

  @Test
  void ensureLedgerTable_shouldAddTheUnfinishedIndexAndBackfillIt_whenTheTablePredatesIt() {
    // GIVEN a ledger table as versions before the index made it, with records written then
    DynamoDbClient ddb = clients().dynamoDb();
    String table = "ledger-before-index-" + UUID.randomUUID();
    ddb.createTable(
        b ->
            b.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(
                    k -> k.attributeName("kind").keyType(KeyType.HASH),
                    k -> k.attributeName("id").keyType(KeyType.RANGE))
                .attributeDefinitions(
                    a -> a.attributeName("kind").attributeType(ScalarAttributeType.S),
                    a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
    try {
      ReconTables.awaitActive(ddb, table, ReconTables.ACTIVE_TIMEOUT_DEFAULT);
      for (BatchStatus status :
          List.of(BatchStatus.INITIATED, BatchStatus.EXECUTING, BatchStatus.SUCCESS)) {
        Map<String, AttributeValue> item =
            new HashMap<>(
                DynamoDbBatchLedger.item(
                    LedgerRecord.create(BatchKind.INPUT, "in-" + status, 1, status, T0)));
        item.remove("unfinished"); // the old layout had no index key
        ddb.putItem(b -> b.tableName(table).item(item));
      }

      // WHEN the stack starts on it
      ReconTables.ensureLedgerTable(ddb, table);
      ReconTables.awaitActive(ddb, table, ReconTables.ACTIVE_TIMEOUT_DEFAULT);

      // THEN the index exists and holds the unfinished records written before it
      DynamoDbBatchLedger ledger = new DynamoDbBatchLedger(ddb, table);
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
      List<String> ids = ids(ledger);
      while (ids.size() < 2 && System.nanoTime() < deadline) {
        Thread.onSpinWait();
        ids = ids(ledger);
      }
      assertThat(ids).containsExactly("in-EXECUTING", "in-INITIATED");
      assertThat(ledger.get(BatchKind.INPUT, "in-INITIATED").orElseThrow().revision())
          .as("rewritten as it was")
          .isZero();
    } finally {
      ddb.deleteTable(b -> b.tableName(table));
    }
  }

  private static List<String> ids(BatchLedger ledger) {
    return ledger.listUnfinished(BatchKind.INPUT).stream().map(LedgerRecord::id).toList();
  }
}
