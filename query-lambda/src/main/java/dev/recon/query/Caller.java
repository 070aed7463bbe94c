package dev.recon.query;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.recon.core.tenant.TenantId;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Who calls the query API, from the IAM identity API Gateway has already authenticated ({@code
 * requestContext.authorizer.iam.userArn} of an HTTP API payload-2.0 event), by the role naming
 * convention of infrastructure/README.md ("Tenants on AWS"):
 *
 * <ul>
 *   <li>{@code arn:…:sts::<account>:assumed-role/recon-<env>-tenant-<tenant>/<session>}: the tenant
 *       {@code <tenant>} (its role is also tagged {@code recon-tenant=<tenant>}; the tenant policy
 *       requires name and tag to agree);
 *   <li>{@code arn:…:sts::<account>:assumed-role/recon-<env>-query-admin/<session>}: the query
 *       administrator, who may read every tenant and the un-prefixed (default tenant's) routes;
 *   <li>anything else (another role, an IAM user, the root, another environment's or another
 *       account's role, no identity at all): nobody — every route answers 403.
 * </ul>
 *
 * <p>Read from the ARN rather than from the role's tags: the tags would cost an {@code
 * iam:ListRoleTags} call (a global endpoint, outside the VPC's gateway endpoints) per cold cache
 * entry on the lookup path, whose p99 budget is 5 ms; the name is in the event.
 */
record Caller(String arn, Optional<TenantId> tenant, boolean admin) {
  /** {@code arn:<partition>:sts::<account>:assumed-role/<role name>/<session>}. */
  private static final Pattern ASSUMED_ROLE =
      Pattern.compile("arn:[a-z-]+:sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/[\\w+=,.@-]+");

  static final String TENANT_ROLE_INFIX = "-tenant-";
  static final String ADMIN_ROLE_SUFFIX = "-query-admin";

  Caller {
    Objects.requireNonNull(arn, "arn");
    Objects.requireNonNull(tenant, "tenant");
  }

  /** Whether this caller may read {@code tenant}'s data. */
  boolean mayRead(TenantId t) {
    return admin || tenant.map(t::equals).orElse(false);
  }

  /**
   * The caller of {@code event} in environment {@code environment}, or empty when the event names
   * no identity this deployment knows (so the handler answers 403 before reading anything).
   */
  static Optional<Caller> of(APIGatewayV2HTTPEvent event, String environment) {
    APIGatewayV2HTTPEvent.RequestContext rc = event == null ? null : event.getRequestContext();
    APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer =
        rc == null ? null : rc.getAuthorizer();
    APIGatewayV2HTTPEvent.RequestContext.IAM iam = authorizer == null ? null : authorizer.getIam();
    String arn = iam == null ? null : iam.getUserArn();
    if (arn == null || environment == null || environment.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = ASSUMED_ROLE.matcher(arn);
    if (!m.matches()) {
      return Optional.empty();
    }
    // the role must be of the API's own account (the event's requestContext.accountId)
    if (rc.getAccountId() == null || !rc.getAccountId().equals(m.group(1))) {
      return Optional.empty();
    }
    String role = m.group(2);
    String environmentPrefix = "recon-" + environment;
    if (role.equals(environmentPrefix + ADMIN_ROLE_SUFFIX)) {
      return Optional.of(new Caller(arn, Optional.empty(), true));
    }
    String tenantPrefix = environmentPrefix + TENANT_ROLE_INFIX;
    if (role.startsWith(tenantPrefix)) {
      String tenant = role.substring(tenantPrefix.length());
      if (TenantId.isValid(tenant)) {
        return Optional.of(new Caller(arn, Optional.of(TenantId.of(tenant)), false));
      }
    }
    return Optional.empty();
  }
}
