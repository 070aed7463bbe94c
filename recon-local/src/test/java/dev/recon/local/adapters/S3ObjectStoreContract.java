package dev.recon.local.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.recon.aws.AwsClientFactory;
import dev.recon.aws.S3ObjectStore;
import dev.recon.core.port.ObjectStore;
import dev.recon.core.testing.ObjectStoreContract;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link S3ObjectStore} against a real S3-compatible server: the {@link ObjectStoreContract} plus
 * the S3-only cases. Subclasses say which server; every test uses its own key prefix, so the tests
 * share one bucket.
 */
abstract class S3ObjectStoreContract extends ObjectStoreContract {

  /** Clients on the server under test (owned by the subclass). */
  protected abstract AwsClientFactory clients();

  @Override
  protected ObjectStore objectStore() {
    return clients().objectStore();
  }

  @Override
  protected ObjectStore pagedObjectStore(int pageSize) {
    return new S3ObjectStore(
        clients().s3(), clients().settings().bucket(), clients().settings().prefix(), pageSize);
  }

  @Test
  void putMultipart_shouldAbortUploadAndLeaveNoObject_whenAPartFails(@TempDir Path tmp)
      throws IOException {
    Path file = tmp.resolve("big");
    Files.write(file, randomBytes((int) (2 * PART + 1), 3));
    S3Client real = clients().s3();
    AtomicInteger uploadParts = new AtomicInteger();
    S3Client failingSecondPart = failOnSecondUploadPart(real, uploadParts);
    ObjectStore faulty = new S3ObjectStore(failingSecondPart, clients().settings());
    String key = base + "state/9/part-00000.jsonl";

    assertThatThrownBy(() -> faulty.putMultipart(key, file, PART)).hasMessageContaining("injected");

    assertThat(uploadParts).hasValue(2);
    assertThat(store.head(key)).isEmpty();
    String fullKey = clients().settings().prefix() + "/" + key;
    assertThat(
            real.listMultipartUploads(b -> b.bucket(clients().settings().bucket()).prefix(fullKey))
                .uploads())
        .as("the failed upload was aborted")
        .isEmpty();
  }

  /** A real client whose second UploadPart fails (a fault injected in front of a real server). */
  private static S3Client failOnSecondUploadPart(S3Client real, AtomicInteger uploadParts) {
    InvocationHandler h =
        (proxy, method, args) -> {
          if (method.getName().equals("uploadPart") && uploadParts.incrementAndGet() == 2) {
            throw SdkClientException.create("injected failure of part 2");
          }
          try {
            return method.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (S3Client)
        Proxy.newProxyInstance(S3Client.class.getClassLoader(), new Class<?>[] {S3Client.class}, h);
  }
}
