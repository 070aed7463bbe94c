package dev.recon.aws;

import dev.recon.core.config.ReconSettings;
import dev.recon.core.error.StoreUnavailableException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The Redis AUTH token from the Secrets Manager secret the template creates ({@code
 * GenerateSecretString} with {@code GenerateStringKey: token}, so the secret string is {@code
 * {"token": "…"}}). EMR gets the secret's ARN in its configuration, never the token.
 */
final class RedisAuthSecret {
  private RedisAuthSecret() {}

  /** One GetSecretValue with recon's region, credentials, timeouts and retries. */
  static String fetch(ReconSettings settings) {
    String arn = settings.redisAuthSecretArn();
    try (SecretsManagerClient client =
        AwsClientFactory.configure(SecretsManagerClient.builder(), settings).build()) {
      return token(client.getSecretValue(b -> b.secretId(arn)).secretString(), arn);
    } catch (SdkException e) {
      throw new StoreUnavailableException(
          "cannot read the Redis AUTH token from " + arn + ": " + e.getMessage(), e);
    }
  }

  /** The {@code token} of a secret string; never echoes the string itself (it is the secret). */
  static String token(String secretString, String arn) {
    if (secretString == null || secretString.isBlank()) {
      throw new IllegalStateException("secret " + arn + " has no secret string");
    }
    JsonNode node;
    try {
      node = JsonNodeParser.create().parse(secretString);
    } catch (RuntimeException e) {
      throw new IllegalStateException("secret " + arn + " is not JSON {\"token\": ...}");
    }
    JsonNode token = node.isObject() ? node.asObject().get("token") : null;
    if (token == null || !token.isString() || token.asString().isBlank()) {
      throw new IllegalStateException("secret " + arn + " has no text field \"token\"");
    }
    return token.asString();
  }
}
