package dev.recon.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpApiPathsTest {
  @Test
  void encodeSegment_shouldEncodeEverythingButUnreservedCharacters_whenGivenAnId() {
    assertThat(HttpApiPaths.encodeSegment("order-9F2K_x.~")).contains("order-9F2K_x.~");
    assertThat(HttpApiPaths.encodeSegment("a b/c%d+e\u2116"))
        .contains("a%20b%2Fc%25d%2Be%E2%84%96");
    assertThat(HttpApiPaths.encodeSegment("bad\uDC00")).isEmpty();
  }

  @Test
  void rawPath_shouldUseTheIdParameterAndRoute_whenTheEventComesFromATemplateRoute() {
    // GIVEN an id with a '/', which rawPath (decoded) could not tell from a separator
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRouteKey("GET /artifacts/{id}/history")
            .withRawPath("/artifacts/a/b/history")
            .withPathParameters(Map.of("id", "a/b"))
            .build();

    // WHEN / THEN
    assertThat(HttpApiPaths.rawPath(event)).contains("/artifacts/a%2Fb/history");
  }

  @Test
  void rawPath_shouldEncodeTheDecodedPathSegmentBySegment_whenThereIsNoIdParameter() {
    // GIVEN an event from a catch-all route
    APIGatewayV2HTTPEvent event =
        APIGatewayV2HTTPEvent.builder()
            .withRouteKey("$default")
            .withRawPath("/artifacts/100% paid/history")
            .build();

    // WHEN / THEN
    assertThat(HttpApiPaths.rawPath(event)).contains("/artifacts/100%25%20paid/history");
    assertThat(HttpApiPaths.rawPath(APIGatewayV2HTTPEvent.builder().build())).contains("/");
  }
}
