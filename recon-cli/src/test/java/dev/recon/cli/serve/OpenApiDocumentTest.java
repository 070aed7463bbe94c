package dev.recon.cli.serve;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document of {@code recon serve} (and the query Lambda): valid by swagger-parser, with
 * exactly the server's routes.
 */
class OpenApiDocumentTest {
  static String document() throws IOException {
    try (InputStream in = ReconServer.class.getResourceAsStream("openapi.json")) {
      assertThat(in).as("openapi.json next to ReconServer").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static SwaggerParseResult parse(String json) {
    ParseOptions options = new ParseOptions();
    options.setResolve(true);
    options.setValidateInternalRefs(true);
    return new OpenAPIV3Parser().readContents(json, null, options);
  }

  @Test
  void document_shouldBeValidOpenApi31_withNoParserMessage() throws Exception {
    SwaggerParseResult result = parse(document());

    assertThat(result.getMessages()).as("swagger-parser messages").isEmpty();
    assertThat(result.getOpenAPI()).isNotNull();
    assertThat(result.getOpenAPI().getOpenapi()).isEqualTo("3.1.0");
    assertThat(result.getOpenAPI().getComponents().getSecuritySchemes()).containsKey("bearer");
  }

  @Test
  void parser_shouldReportMessages_whenTheDocumentIsBroken() throws Exception {
    // the validator this build relies on does notice: a dangling $ref, a response without its
    // required description
    String broken =
        document()
            .replaceFirst("#/components/schemas/Artifact\"", "#/components/schemas/Artefact\"")
            .replaceFirst("\"description\": \"The batches.\",", "");

    List<String> messages = parse(broken).getMessages();

    assertThat(messages)
        .anySatisfy(m -> assertThat(m).contains("Artefact"))
        .anySatisfy(m -> assertThat(m).contains("description"));
  }

  @Test
  void paths_shouldBeExactlyTheRoutesTheServerDispatches() throws Exception {
    var paths = parse(document()).getOpenAPI().getPaths().keySet();

    assertThat(paths).containsExactlyInAnyOrderElementsOf(ReconServer.ROUTES);
    // every tenant route under /tenants/{tenant} too, and each route matches its own template
    for (String r : ReconServer.TENANT_ROUTES) {
      assertThat(paths).contains("/tenants/{tenant}" + r);
      assertThat(ReconServer.route(r.replace("{id}", "order-1"))).contains(r);
    }
    assertThat(ReconServer.route("/nothing")).isEmpty();
    assertThat(ReconServer.route("/artifacts/")).isEmpty();
    assertThat(ReconServer.route("/artifacts/a/b/c")).isEmpty();
  }
}
