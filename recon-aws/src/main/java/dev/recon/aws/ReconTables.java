package dev.recon.aws;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.LedgerRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;

/**
 * Creates recon's DynamoDB tables (on-demand billing) and S3 bucket when absent, for local mode and
 * tests. On AWS, CloudFormation owns them (with point-in-time recovery and encryption) and this
 * class is not used. The key schemas here must match the template and the adapters.
 */
public final class ReconTables {
  static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  public static final Duration ACTIVE_TIMEOUT_DEFAULT = Duration.ofSeconds(60);

  private ReconTables() {}

  /** Ensures the bucket and both tables exist and the tables are ACTIVE. */
  public static void ensureAll(AwsClientFactory clients) {
    ReconSettings s = clients.settings();
    ensureBucket(clients.s3(), s.bucket(), s.region());
    ensureIndexTable(clients.dynamoDb(), s.indexTable());
    ensureLedgerTable(clients.dynamoDb(), s.ledgerTable());
    awaitActive(clients.dynamoDb(), s.indexTable(), ACTIVE_TIMEOUT_DEFAULT);
    awaitActive(clients.dynamoDb(), s.ledgerTable(), ACTIVE_TIMEOUT_DEFAULT);
  }

  /** Index table: partition key {@code artifactId} (S). */
  public static void ensureIndexTable(DynamoDbClient dynamoDb, String table) {
    createIfAbsent(
        dynamoDb,
        table,
        List.of(key(IndexItems.ARTIFACT_ID, KeyType.HASH)),
        List.of(attr(IndexItems.ARTIFACT_ID)),
        List.of());
  }

  /**
   * Ledger table: partition key {@code kind} (S), sort key {@code id} (S), and the sparse GSI of
   * unfinished records ({@link LedgerItems#UNFINISHED_INDEX}: partition key {@code unfinished} (S),
   * sort key {@code id}, all attributes projected). A table made before the index existed (a local
   * home of an older version) gets it added, then its unfinished records rewritten so that they
   * carry the index key ({@link #backfillUnfinished}).
   */
  public static void ensureLedgerTable(DynamoDbClient dynamoDb, String table) {
    GlobalSecondaryIndex unfinished =
        GlobalSecondaryIndex.builder()
            .indexName(LedgerItems.UNFINISHED_INDEX)
            .keySchema(
                key(LedgerItems.UNFINISHED, KeyType.HASH), key(LedgerItems.ID, KeyType.RANGE))
            .projection(p -> p.projectionType(ProjectionType.ALL))
            .build();
    boolean created =
        createIfAbsent(
            dynamoDb,
            table,
            List.of(key(LedgerItems.KIND, KeyType.HASH), key(LedgerItems.ID, KeyType.RANGE)),
            List.of(attr(LedgerItems.KIND), attr(LedgerItems.ID), attr(LedgerItems.UNFINISHED)),
            List.of(unfinished));
    if (created || hasIndex(dynamoDb, table, LedgerItems.UNFINISHED_INDEX)) {
      return;
    }
    dynamoDb.updateTable(
        b ->
            b.tableName(table)
                .attributeDefinitions(
                    attr(LedgerItems.KIND), attr(LedgerItems.ID), attr(LedgerItems.UNFINISHED))
                .globalSecondaryIndexUpdates(
                    u ->
                        u.create(
                            c ->
                                c.indexName(unfinished.indexName())
                                    .keySchema(unfinished.keySchema())
                                    .projection(unfinished.projection()))));
    awaitActive(dynamoDb, table, ACTIVE_TIMEOUT_DEFAULT);
    backfillUnfinished(dynamoDb, table);
  }

  /**
   * Rewrites every unfinished record of every kind that lacks the index key, each conditional on
   * its revision (a record changed meanwhile was rewritten with the key by that change).
   */
  static int backfillUnfinished(DynamoDbClient dynamoDb, String table) {
    DynamoDbBatchLedger ledger = new DynamoDbBatchLedger(dynamoDb, table);
    int rewritten = 0;
    for (BatchKind kind : BatchKind.values()) {
      for (LedgerRecord r : ledger.list(kind)) {
        if (r.status().terminal() || kind == BatchKind.COUNTER) {
          continue;
        }
        try {
          dynamoDb.putItem(
              b ->
                  b.tableName(table)
                      .item(LedgerItems.toItem(r, r.revision()))
                      .conditionExpression("#rev = :rev")
                      .expressionAttributeNames(Map.of("#rev", LedgerItems.REVISION))
                      .expressionAttributeValues(
                          Map.of(":rev", AttributeValue.fromN(Long.toString(r.revision())))));
          rewritten++;
        } catch (ConditionalCheckFailedException changed) {
          // Rewritten by its own update, with the key.
        }
      }
    }
    return rewritten;
  }

  private static boolean hasIndex(DynamoDbClient dynamoDb, String table, String index) {
    TableDescription t = dynamoDb.describeTable(b -> b.tableName(table)).table();
    return t.hasGlobalSecondaryIndexes()
        && t.globalSecondaryIndexes().stream().anyMatch(g -> index.equals(g.indexName()));
  }

  /** Creates the bucket unless it exists (and is ours). */
  public static void ensureBucket(S3Client s3, String bucket, String region) {
    try {
      s3.headBucket(b -> b.bucket(bucket));
      return;
    } catch (NoSuchBucketException e) {
      // create below
    } catch (AwsServiceException e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
    try {
      if (Region.US_EAST_1.id().equals(region)) {
        // us-east-1 rejects an explicit location constraint.
        s3.createBucket(b -> b.bucket(bucket));
      } else {
        s3.createBucket(
            b -> b.bucket(bucket).createBucketConfiguration(c -> c.locationConstraint(region)));
      }
    } catch (BucketAlreadyOwnedByYouException e) {
      // created concurrently by another process: fine
    }
  }

  /** Polls DescribeTable until the table and each of its global secondary indexes are ACTIVE. */
  public static void awaitActive(DynamoDbClient dynamoDb, String table, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      TableStatus status;
      boolean indexesActive = true;
      try {
        TableDescription t = dynamoDb.describeTable(b -> b.tableName(table)).table();
        status = t.tableStatus();
        if (t.hasGlobalSecondaryIndexes()) {
          indexesActive =
              t.globalSecondaryIndexes().stream()
                  .allMatch(g -> g.indexStatus() == IndexStatus.ACTIVE);
        }
      } catch (ResourceNotFoundException e) {
        status = null;
      }
      if (status == TableStatus.ACTIVE && indexesActive) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new StoreUnavailableException(
            "table " + table + " not ACTIVE after " + timeout + " (status " + status + ")", null);
      }
      try {
        Thread.sleep(POLL_INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException("interrupted waiting for table " + table, e);
      }
    }
  }

  /** True if this call created the table. */
  private static boolean createIfAbsent(
      DynamoDbClient dynamoDb,
      String table,
      List<KeySchemaElement> keys,
      List<AttributeDefinition> attributes,
      List<GlobalSecondaryIndex> indexes) {
    try {
      dynamoDb.describeTable(b -> b.tableName(table));
      return false;
    } catch (ResourceNotFoundException e) {
      // create below
    }
    try {
      dynamoDb.createTable(
          b -> {
            b.tableName(table)
                .keySchema(keys)
                .attributeDefinitions(attributes)
                .billingMode(BillingMode.PAY_PER_REQUEST);
            if (!indexes.isEmpty()) {
              b.globalSecondaryIndexes(indexes);
            }
          });
      return true;
    } catch (ResourceInUseException e) {
      // created concurrently: fine
      return false;
    }
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeDefinition attr(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }
}
