package dev.recon.aws;

import dev.recon.core.error.StoreUnavailableException;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Maps SDK failures that survived the SDK's own bounded retries. "Could not reach the store" (I/O,
 * timeouts, throttling, 5xx) becomes {@link StoreUnavailableException}, whose contract says the
 * outcome of a write is unknown; everything else (validation, missing table, access denied) is a
 * bug or a misconfiguration and is rethrown unchanged so it is not mistaken for a transient fault.
 */
final class AwsErrors {
  private AwsErrors() {}

  static RuntimeException translate(String operation, SdkException e) {
    if (isUnavailable(e)) {
      return new StoreUnavailableException(
          operation + " failed after retries: " + e.getMessage(), e);
    }
    return e;
  }

  static boolean isUnavailable(SdkException e) {
    if (e instanceof SdkClientException) {
      return true;
    }
    if (e instanceof AwsServiceException ase) {
      return ase.statusCode() >= 500 || ase.isThrottlingException();
    }
    return false;
  }
}
