package dev.recon.aws;

import dev.recon.core.error.LedgerConflictException;
import dev.recon.core.model.BatchKind;
import dev.recon.core.model.BatchStatus;
import dev.recon.core.model.LedgerRecord;
import dev.recon.core.port.BatchLedger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * {@link BatchLedger} on a DynamoDB table with partition key {@code kind} (S) and sort key {@code
 * id} (S); item layout in {@link LedgerItems}.
 *
 * <p>Every write is conditional: create on {@code attribute_not_exists}, update and delete on the
 * revision the caller read (optimistic locking, the revision is bumped on each update). A failed
 * condition is a {@link LedgerConflictException}: the caller re-reads and decides, it is never
 * retried here. Reads are strongly consistent because stage locks and batch statuses are read right
 * after another process wrote them.
 *
 * <p>Counters ({@link #nextSequence}) are items of kind {@link BatchKind#COUNTER} whose {@code
 * sequence} attribute is incremented with an atomic {@code ADD}; they also carry a status, times
 * and a revision so that {@code list(COUNTER)} and {@code get} read them as ordinary records. An
 * SDK retry of an increment whose response was lost can skip a number; it never hands the same
 * number out twice.
 */
public final class DynamoDbBatchLedger implements BatchLedger {

  private static final Map<String, String> NAMES_KEY = Map.of("#kind", LedgerItems.KIND);
  private static final Map<String, String> NAMES_REVISION = Map.of("#rev", LedgerItems.REVISION);

  private final DynamoDbClient dynamoDb;
  private final String table;
  private final Clock clock;

  public DynamoDbBatchLedger(DynamoDbClient dynamoDb, String table) {
    this(dynamoDb, table, Clock.systemUTC());
  }

  /**
   * @param clock stamps counter items only; records carry their own times
   */
  public DynamoDbBatchLedger(DynamoDbClient dynamoDb, String table, Clock clock) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    this.table = Objects.requireNonNull(table, "table");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public LedgerRecord create(LedgerRecord record) {
    try {
      dynamoDb.putItem(
          b ->
              b.tableName(table)
                  .item(LedgerItems.toItem(record, record.revision()))
                  .conditionExpression("attribute_not_exists(#kind)")
                  .expressionAttributeNames(NAMES_KEY));
      return record;
    } catch (ConditionalCheckFailedException e) {
      throw conflict("create", record.kind(), record.id(), "it already exists", e);
    } catch (SdkException e) {
      throw AwsErrors.translate("PutItem " + table + "/" + record.kind() + "/" + record.id(), e);
    }
  }

  @Override
  public Optional<LedgerRecord> get(BatchKind kind, String id) {
    try {
      GetItemResponse r =
          dynamoDb.getItem(
              b -> b.tableName(table).key(LedgerItems.key(kind, id)).consistentRead(true));
      return r.hasItem() && !r.item().isEmpty()
          ? Optional.of(LedgerItems.fromItem(r.item()))
          : Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.translate("GetItem " + table + "/" + kind + "/" + id, e);
    }
  }

  @Override
  public LedgerRecord update(LedgerRecord next) {
    long expected = next.revision();
    LedgerRecord stored = next.withRevision(expected + 1);
    try {
      dynamoDb.putItem(
          b ->
              b.tableName(table)
                  .item(LedgerItems.toItem(stored, stored.revision()))
                  .conditionExpression("#rev = :expected")
                  .expressionAttributeNames(NAMES_REVISION)
                  .expressionAttributeValues(
                      Map.of(":expected", AttributeValue.fromN(Long.toString(expected)))));
      return stored;
    } catch (ConditionalCheckFailedException e) {
      throw conflict(
          "update",
          next.kind(),
          next.id(),
          "it is missing or its revision is no longer " + expected,
          e);
    } catch (SdkException e) {
      throw AwsErrors.translate("PutItem " + table + "/" + next.kind() + "/" + next.id(), e);
    }
  }

  @Override
  public void delete(LedgerRecord expected) {
    try {
      dynamoDb.deleteItem(
          b ->
              b.tableName(table)
                  .key(LedgerItems.key(expected.kind(), expected.id()))
                  .conditionExpression("#rev = :expected")
                  .expressionAttributeNames(NAMES_REVISION)
                  .expressionAttributeValues(
                      Map.of(
                          ":expected", AttributeValue.fromN(Long.toString(expected.revision())))));
    } catch (ConditionalCheckFailedException e) {
      throw conflict(
          "delete",
          expected.kind(),
          expected.id(),
          "it is missing or its revision is no longer " + expected.revision(),
          e);
    } catch (SdkException e) {
      throw AwsErrors.translate(
          "DeleteItem " + table + "/" + expected.kind() + "/" + expected.id(), e);
    }
  }

  /** Every record of the kind in sort-key order (DynamoDB orders ids by their UTF-8 bytes). */
  @Override
  public List<LedgerRecord> list(BatchKind kind) {
    return query(kind, LedgerItems.KIND, null, true);
  }

  /**
   * The kind's partition of the sparse index {@value LedgerItems#UNFINISHED_INDEX}, in id order. A
   * GSI cannot be read strongly consistently: see {@link BatchLedger#listUnfinished} for what that
   * means to callers.
   */
  @Override
  public List<LedgerRecord> listUnfinished(BatchKind kind) {
    return query(kind, LedgerItems.UNFINISHED, LedgerItems.UNFINISHED_INDEX, false);
  }

  private List<LedgerRecord> query(
      BatchKind kind, String keyAttribute, String index, boolean consistent) {
    List<LedgerRecord> out = new ArrayList<>();
    Map<String, AttributeValue> startKey = null;
    try {
      do {
        QueryRequest.Builder q =
            QueryRequest.builder()
                .tableName(table)
                .indexName(index)
                .keyConditionExpression("#kind = :kind")
                .expressionAttributeNames(Map.of("#kind", keyAttribute))
                .expressionAttributeValues(Map.of(":kind", AttributeValue.fromS(kind.name())))
                .scanIndexForward(true)
                .consistentRead(consistent);
        if (startKey != null) {
          q.exclusiveStartKey(startKey);
        }
        QueryResponse page = dynamoDb.query(q.build());
        for (Map<String, AttributeValue> item : page.items()) {
          out.add(LedgerItems.fromItem(item));
        }
        startKey =
            page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey()
                : null;
      } while (startKey != null);
    } catch (SdkException e) {
      throw AwsErrors.translate(
          "Query " + table + (index == null ? "" : "/index/" + index) + "/" + kind, e);
    }
    return out;
  }

  @Override
  public long nextSequence(String counter) {
    Objects.requireNonNull(counter, "counter");
    String now = clock.instant().toString();
    try {
      UpdateItemResponse r =
          dynamoDb.updateItem(
              b ->
                  b.tableName(table)
                      .key(LedgerItems.key(BatchKind.COUNTER, counter))
                      .updateExpression(
                          "SET #st = if_not_exists(#st, :st), #ca = if_not_exists(#ca, :now), #ua = :now"
                              + " ADD #seq :one, #rev :one")
                      .expressionAttributeNames(
                          Map.of(
                              "#st", LedgerItems.STATUS,
                              "#ca", LedgerItems.CREATED_AT,
                              "#ua", LedgerItems.UPDATED_AT,
                              "#seq", LedgerItems.SEQUENCE,
                              "#rev", LedgerItems.REVISION))
                      .expressionAttributeValues(
                          Map.of(
                              ":st", AttributeValue.fromS(BatchStatus.SUCCESS.name()),
                              ":now", AttributeValue.fromS(now),
                              ":one", AttributeValue.fromN("1")))
                      .returnValues(ReturnValue.UPDATED_NEW));
      return Long.parseLong(r.attributes().get(LedgerItems.SEQUENCE).n());
    } catch (SdkException e) {
      throw AwsErrors.translate("UpdateItem(ADD) " + table + "/COUNTER/" + counter, e);
    }
  }

  /**
   * The item {@link #create} writes for {@code record}: for bulk loads that bypass the conditional
   * write (the benchmark's pre-populated history), so they stay in the adapter's layout.
   */
  public static Map<String, AttributeValue> item(LedgerRecord record) {
    return LedgerItems.toItem(record, record.revision());
  }

  @Override
  public void close() {
    // The client is shared and owned by whoever built it.
  }

  private static LedgerConflictException conflict(
      String op, BatchKind kind, String id, String why, Exception cause) {
    LedgerConflictException e =
        new LedgerConflictException(op + " of " + kind + "/" + id + " refused: " + why);
    e.initCause(cause);
    return e;
  }
}
