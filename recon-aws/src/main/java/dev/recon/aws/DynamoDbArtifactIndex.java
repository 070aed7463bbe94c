package dev.recon.aws;

import dev.recon.core.error.StoreUnavailableException;
import dev.recon.core.model.IndexEntry;
import dev.recon.core.port.ArtifactIndex;
import dev.recon.core.port.IndexPutOutcome;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/**
 * {@link ArtifactIndex} on a DynamoDB table keyed by {@code artifactId} (S) with attributes {@code
 * partFile} (S), {@code offset}, {@code length} and {@code version} (N).
 *
 * <p>Every write is a conditional PutItem ({@code attribute_not_exists(artifactId) OR version <
 * :v}), so replays and out-of-order indexer workers can never move an entry backwards. Reads are
 * strongly consistent: the prefetcher reads the index right after the indexer recorded {@code
 * indexedThrough}, and an eventually consistent read could still return the previous version of an
 * entry the in-flight logic assumes is indexed, silently losing an update.
 */
public final class DynamoDbArtifactIndex implements ArtifactIndex {

  /** DynamoDB's BatchGetItem limit. */
  static final int BATCH_GET_MAX_KEYS = 100;

  /** Rounds of UnprocessedKeys retries before giving up with {@link StoreUnavailableException}. */
  static final int UNPROCESSED_MAX_ROUNDS = 10;

  static final long BACKOFF_BASE_MS = 25;
  static final long BACKOFF_MAX_MS = 2_000;

  private static final String CONDITION = "attribute_not_exists(#id) OR #v < :v";

  private final DynamoDbClient dynamoDb;
  private final String table;

  public DynamoDbArtifactIndex(DynamoDbClient dynamoDb, String table) {
    this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
    this.table = Objects.requireNonNull(table, "table");
  }

  @Override
  public Optional<IndexEntry> get(String artifactId) {
    try {
      GetItemResponse r =
          dynamoDb.getItem(
              b -> b.tableName(table).key(IndexItems.key(artifactId)).consistentRead(true));
      return r.hasItem() && !r.item().isEmpty()
          ? Optional.of(IndexItems.fromItem(r.item()))
          : Optional.empty();
    } catch (SdkException e) {
      throw AwsErrors.translate("GetItem " + table + "/" + artifactId, e);
    }
  }

  /**
   * Looks ids up with BatchGetItem in chunks of 100, re-requesting UnprocessedKeys (DynamoDB's way
   * of saying "throttled, ask again") with bounded, jittered exponential backoff.
   */
  @Override
  public Map<String, IndexEntry> getAll(Collection<String> artifactIds) {
    Map<String, IndexEntry> out = new HashMap<>();
    List<String> ids =
        new ArrayList<>(new LinkedHashSet<>(artifactIds)); // BatchGet rejects duplicates
    for (int from = 0; from < ids.size(); from += BATCH_GET_MAX_KEYS) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + BATCH_GET_MAX_KEYS));
      List<Map<String, AttributeValue>> keys = new ArrayList<>(chunk.size());
      for (String id : chunk) {
        keys.add(IndexItems.key(id));
      }
      Map<String, KeysAndAttributes> request =
          Map.of(table, KeysAndAttributes.builder().keys(keys).consistentRead(true).build());
      int round = 0;
      while (!request.isEmpty()) {
        if (round > 0) {
          if (round > UNPROCESSED_MAX_ROUNDS) {
            throw new StoreUnavailableException(
                "BatchGetItem on "
                    + table
                    + " still had unprocessed keys after "
                    + UNPROCESSED_MAX_ROUNDS
                    + " retries",
                null);
          }
          sleep(backoffMillis(round));
        }
        BatchGetItemResponse r;
        try {
          Map<String, KeysAndAttributes> req = request;
          r = dynamoDb.batchGetItem(b -> b.requestItems(req));
        } catch (SdkException e) {
          throw AwsErrors.translate("BatchGetItem " + table, e);
        }
        for (Map<String, AttributeValue> item : r.responses().getOrDefault(table, List.of())) {
          IndexEntry entry = IndexItems.fromItem(item);
          out.put(entry.artifactId(), entry);
        }
        request = r.hasUnprocessedKeys() ? r.unprocessedKeys() : Map.of();
        round++;
      }
    }
    return out;
  }

  @Override
  public IndexPutOutcome putIfNewer(IndexEntry entry) {
    try {
      dynamoDb.putItem(
          b ->
              b.tableName(table)
                  .item(IndexItems.toItem(entry))
                  .conditionExpression(CONDITION)
                  .expressionAttributeNames(
                      Map.of("#id", IndexItems.ARTIFACT_ID, "#v", IndexItems.VERSION))
                  .expressionAttributeValues(
                      Map.of(":v", AttributeValue.fromN(Long.toString(entry.version())))));
      return IndexPutOutcome.WRITTEN;
    } catch (ConditionalCheckFailedException e) {
      return IndexPutOutcome.NOT_NEWER;
    } catch (SdkException e) {
      throw AwsErrors.translate("PutItem " + table + "/" + entry.artifactId(), e);
    }
  }

  /** A paginated Scan (strongly consistent pages); for exports and reports only. */
  @Override
  public void scan(java.util.function.Consumer<IndexEntry> sink) {
    try {
      dynamoDb
          .scanPaginator(b -> b.tableName(table).consistentRead(true))
          .items()
          .forEach(item -> sink.accept(IndexItems.fromItem(item)));
    } catch (SdkException e) {
      throw AwsErrors.translate("Scan " + table, e);
    }
  }

  @Override
  public void close() {
    // The client is shared and owned by whoever built it.
  }

  /**
   * Exponential backoff with equal jitter: uniform in [cap/2, cap], cap = min(max, base * 2^round).
   */
  static long backoffMillis(int round) {
    long cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(round, 20));
    return ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted while backing off", e);
    }
  }
}
