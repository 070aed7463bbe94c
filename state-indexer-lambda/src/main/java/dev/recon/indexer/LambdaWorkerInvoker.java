package dev.recon.indexer;

import dev.recon.core.error.ReconException;
import java.time.Duration;
import java.util.Objects;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * Starts a worker with an asynchronous ({@code Event}) invocation of the worker function: Lambda
 * queues it and answers 202 at once; the worker reports through the ledger.
 *
 * <p>Deploy the worker function with {@code MaximumRetryAttempts = 0} on its asynchronous
 * configuration: the coordinator does the retrying, with attempt numbers that let it ignore a
 * superseded attempt; Lambda's own retries would be invisible to it (though harmless).
 */
public final class LambdaWorkerInvoker implements WorkerInvoker {
  private final LambdaClient lambda;
  private final String function;

  public LambdaWorkerInvoker(LambdaClient lambda, String function) {
    this.lambda = Objects.requireNonNull(lambda, "lambda");
    if (function == null || function.isBlank()) {
      throw new IllegalArgumentException(
          "workerFunction (name or ARN of the worker Lambda) is required on AWS");
    }
    this.function = function;
  }

  @Override
  public void invoke(WorkerRequest request) {
    InvokeResponse r =
        lambda.invoke(
            b ->
                b.functionName(function)
                    .invocationType(InvocationType.EVENT)
                    .payload(SdkBytes.fromByteArray(IndexerJson.encode(request))));
    if (r.statusCode() != 202) {
      throw new ReconException(
          "asynchronous invoke of " + function + " answered " + r.statusCode());
    }
  }

  /** No signal but the ledger on AWS: wait one poll interval. */
  @Override
  public void awaitReport(Duration max) throws InterruptedException {
    Thread.sleep(max.toMillis());
  }
}
