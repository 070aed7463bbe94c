package dev.recon.indexer;

import dev.recon.core.config.ReconSettings;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * Builds the Lambda client the coordinator invokes workers with, configured like recon-aws's
 * clients (region, credentials, url-connection HTTP client, both timeouts, bounded retries). Here
 * rather than in {@code AwsClientFactory} because only this function needs the Lambda SDK.
 */
final class LambdaClients {
  private LambdaClients() {}

  static LambdaClient build(ReconSettings s) {
    return LambdaClient.builder()
        .region(Region.of(s.region()))
        .credentialsProvider(
            s.staticCredentialsEnabled()
                ? StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(s.accessKeyId(), s.secretAccessKey()))
                : DefaultCredentialsProvider.builder().build())
        .httpClient(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(s.apiCallAttemptTimeout())
                .socketTimeout(s.apiCallAttemptTimeout())
                .build())
        .overrideConfiguration(
            ClientOverrideConfiguration.builder()
                .apiCallTimeout(s.apiCallTimeout())
                .apiCallAttemptTimeout(s.apiCallAttemptTimeout())
                .retryStrategy(
                    AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(s.maxRetries() + 1)
                        .build())
                .build())
        .build();
  }
}
