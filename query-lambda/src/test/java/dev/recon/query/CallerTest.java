package dev.recon.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent.RequestContext;
import dev.recon.core.tenant.TenantId;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The role naming convention of infrastructure/README.md ("Tenants on AWS"). */
class CallerTest {
  private static APIGatewayV2HTTPEvent from(String userArn) {
    return APIGatewayV2HTTPEvent.builder()
        .withRequestContext(
            RequestContext.builder()
                .withAccountId("123456789012")
                .withAuthorizer(
                    RequestContext.Authorizer.builder()
                        .withIam(RequestContext.IAM.builder().withUserArn(userArn).build())
                        .build())
                .build())
        .build();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "arn:aws:sts::123456789012:assumed-role/recon-prod-tenant-acme/s, acme",
    "arn:aws-cn:sts::123456789012:assumed-role/recon-prod-tenant-a-9/s, a-9",
    "arn:aws:sts::123456789012:assumed-role/recon-prod-tenant-default/s, default",
    "arn:aws:sts::123456789012:assumed-role/recon-prod-query-admin/s, ADMIN",
    // not a tenant: malformed tenant ids, other environments, other accounts, users, the root
    "arn:aws:sts::123456789012:assumed-role/recon-prod-tenant-Acme/s, NONE",
    "arn:aws:sts::123456789012:assumed-role/recon-prod-tenant-/s, NONE",
    "arn:aws:sts::123456789012:assumed-role/recon-prod-tenantacme/s, NONE",
    "arn:aws:sts::123456789012:assumed-role/recon-production-tenant-acme/s, NONE",
    "arn:aws:sts::123456789012:assumed-role/recon-dev-query-admin/s, NONE",
    "arn:aws:sts::210987654321:assumed-role/recon-prod-tenant-acme/s, NONE",
    "arn:aws:iam::123456789012:user/recon-prod-tenant-acme, NONE",
    "arn:aws:iam::123456789012:root, NONE",
    "arn:aws:sts::123456789012:assumed-role/recon-prod-tenant-acme, NONE",
  })
  void of_shouldReadTheTenantFromTheRoleName_onlyForThisEnvironmentAndAccount(
      String arn, String expected) {
    Optional<Caller> caller = Caller.of(from(arn), "prod");

    switch (expected) {
      case "NONE" -> assertThat(caller).isEmpty();
      case "ADMIN" -> {
        assertThat(caller).get().extracting(Caller::admin).isEqualTo(true);
        assertThat(caller.get().mayRead(TenantId.of("anyone"))).isTrue();
      }
      default -> {
        assertThat(caller).get().extracting(Caller::admin).isEqualTo(false);
        assertThat(caller.get().tenant()).contains(TenantId.of(expected));
        assertThat(caller.get().mayRead(TenantId.of(expected))).isTrue();
        assertThat(caller.get().mayRead(TenantId.of("other"))).isFalse();
      }
    }
  }
}
