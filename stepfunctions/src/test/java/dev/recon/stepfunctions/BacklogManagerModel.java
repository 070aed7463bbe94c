package dev.recon.stepfunctions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An in-memory reference model of the backlog manager's stateful actions as the task contract
 * (README) defines them, used to show that the stateful definition plus this contract form an
 * assembly line. Not the implementation: the real one keeps this state in the ledger table with
 * conditional writes, and plans stateful batches over stateless ranges; here each stateful batch
 * takes one stateless batch.
 */
final class BacklogManagerModel implements TaskHandler {
  enum Stage {
    prefetch,
    process,
    index
  }

  static final class Batch {
    final long n;
    String status = "EXECUTING";
    String owner;
    final Map<Stage, String> stages = new EnumMap<>(Stage.class);

    Batch(long n) {
      this.n = n;
    }
  }

  private final TreeMap<Long, Batch> batches = new TreeMap<>();
  private final Map<Stage, Batch> locks = new EnumMap<>(Stage.class);
  private final Map<Stage, String> lockOwners = new EnumMap<>(Stage.class);
  private final List<String> log = new ArrayList<>();
  private long statelessWaiting;

  BacklogManagerModel(long statelessBatchesWaiting) {
    this.statelessWaiting = statelessBatchesWaiting;
  }

  synchronized Batch batch(long n) {
    return batches.get(n);
  }

  synchronized List<String> log() {
    return List.copyOf(log);
  }

  @Override
  public synchronized JsonNode handle(JsonNode request) {
    String action = request.get("action").asText();
    String owner = request.path("owner").asText();
    log.add(
        action
            + (request.has("batch") ? " " + request.get("batch").asLong() : "")
            + (request.has("stage") ? " " + request.get("stage").asText() : ""));
    ObjectNode out = Json.MAPPER.createObjectNode();
    switch (action) {
      case Definitions.ACTION_ACQUIRE_BATCH -> {
        boolean retryFailed = request.path("request").path("retryFailed").asBoolean(false);
        for (Batch b : batches.values()) {
          if (b.status.equals("SUCCESS") || (b.owner != null && !b.status.equals("FAILURE"))) {
            continue; // done, or in the hands of a running execution
          }
          if (b.status.equals("FAILURE") && !retryFailed) {
            return out.put("planned", false).put("reason", "BLOCKED").put("blockedBy", b.n);
          }
          return claim(b, owner, out);
        }
        if (statelessWaiting == 0) {
          return out.put("planned", false).put("reason", "NO_WORK");
        }
        statelessWaiting--;
        Batch b = new Batch(batches.isEmpty() ? 1 : batches.lastKey() + 1);
        batches.put(b.n, b);
        return claim(b, owner, out);
      }
      case Definitions.ACTION_ACQUIRE_STAGE -> {
        Stage stage = Stage.valueOf(request.get("stage").asText());
        Batch b = batches.get(request.get("batch").asLong());
        if (locks.get(stage) == b && owner.equals(lockOwners.get(stage))) {
          return out.put("acquired", true).put("reason", "ACQUIRED"); // idempotent retry
        }
        if ("SUCCESS".equals(b.stages.get(stage))) {
          return out.put("acquired", false).put("reason", "DONE"); // a resumed batch
        }
        Batch previous = batches.get(b.n - 1);
        if (previous != null && !"SUCCESS".equals(previous.stages.get(stage))) {
          boolean failed = previous.status.equals("FAILURE");
          return out.put("acquired", false)
              .put("reason", failed ? "PREDECESSOR_FAILED" : "PREDECESSOR_PENDING");
        }
        if (locks.get(stage) != null) {
          return out.put("acquired", false).put("reason", "BUSY");
        }
        locks.put(stage, b);
        lockOwners.put(stage, owner);
        b.stages.put(stage, "EXECUTING");
        return out.put("acquired", true).put("reason", "ACQUIRED");
      }
      case Definitions.ACTION_RELEASE_STAGE -> {
        Stage stage = Stage.valueOf(request.get("stage").asText());
        Batch b = batches.get(request.get("batch").asLong());
        b.stages.put(stage, request.get("status").asText());
        if (owner.equals(lockOwners.get(stage))) {
          locks.remove(stage);
          lockOwners.remove(stage);
        }
        return out;
      }
      case Definitions.ACTION_COMPLETE -> {
        Batch b = batches.get(request.get("batch").asLong());
        b.status = "SUCCESS";
        b.owner = null;
        return out.put("status", "SUCCESS");
      }
      case Definitions.ACTION_FAIL -> {
        Batch b = batches.get(request.get("batch").asLong());
        b.status = "FAILURE";
        b.stages.put(Stage.valueOf(request.get("stage").asText()), "FAILURE");
        b.owner = null;
        releaseLocksOf(owner);
        return out;
      }
      case Definitions.ACTION_RELEASE_BATCH -> {
        Batch b = batches.get(request.get("batch").asLong());
        if (owner.equals(b.owner)) {
          b.owner = null;
        }
        releaseLocksOf(owner);
        return out;
      }
      default -> throw new IllegalArgumentException("unknown action " + action);
    }
  }

  private JsonNode claim(Batch b, String owner, ObjectNode out) {
    b.owner = owner;
    b.status = "EXECUTING";
    return out.put("planned", true).put("statefulBatch", b.n);
  }

  private void releaseLocksOf(String owner) {
    lockOwners
        .entrySet()
        .removeIf(
            e -> {
              if (e.getValue().equals(owner)) {
                locks.remove(e.getKey());
                return true;
              }
              return false;
            });
  }
}
