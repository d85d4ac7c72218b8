package dev.ficus.compare.operation;

import dev.ficus.compare.diff.JsonLimits;
import dev.ficus.compare.lift.MediaTypes;
import graphql.language.OperationDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Tells a route's declared reads from its writes: GET, HEAD and OPTIONS are reads; any other
 * request is a read only when the route declares it one (a read request pattern, a SOAP operation,
 * a GraphQL query, a JSON-RPC method), judged from at most a bounded prefix of its body. Whatever
 * cannot be told for sure is a write: a body past the prefix, a document that does not parse, a
 * GraphQL mutation or subscription, a batch with one call not declared.
 */
public final class OperationClassifier {

  private static final ObjectMapper JSON = JsonLimits.mapper();

  private OperationClassifier() {}

  /** Whether the method is a read by HTTP's own rules. */
  public static boolean isSafe(String method) {
    return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
  }

  /**
   * @param headers the request's headers by lower-case name
   * @param body the request's body as far as it was kept
   * @param bodyLength the body's whole length (more than {@code body.length} when it was cut)
   */
  public static Operation classify(
      ReadDeclaration reads,
      String method,
      String path,
      java.util.function.Function<String, String> headers,
      byte[] body,
      long bodyLength) {
    String upper = method.toUpperCase(Locale.ROOT);
    if (isSafe(upper)) {
      return Operation.unnamed(true);
    }
    for (RequestPattern pattern : reads.requests()) {
      if (pattern.matches(upper, path)) {
        return new Operation(pattern.toString(), true);
      }
    }
    if (!reads.declaresAny()) {
      return Operation.unnamed(false);
    }
    if (bodyLength > reads.maxBodyBytes() || (body != null && bodyLength > body.length)) {
      return new Operation("body over " + reads.maxBodyBytes() + " bytes", false);
    }
    String contentType = headers.apply("content-type");
    String mediaType = MediaTypes.mediaType(contentType);
    if (!reads.soapOperations().isEmpty()) {
      List<String> names = SoapOperation.names(headers.apply("soapaction"), contentType, body);
      if (!names.isEmpty()) {
        boolean read = names.stream().allMatch(reads.soapOperations()::contains);
        return new Operation(names.get(0), read);
      }
    }
    if (reads.graphqlQueries() && mediaType.equals("application/graphql")) {
      return graphql(new String(body, StandardCharsets.UTF_8), null);
    }
    if ((reads.graphqlQueries() || !reads.jsonRpcMethods().isEmpty())
        && body != null
        && body.length > 0
        && (mediaType.isEmpty()
            || mediaType.equals("application/json")
            || mediaType.endsWith("+json"))) {
      JsonNode json;
      try {
        json = JSON.readTree(body);
      } catch (JacksonException e) {
        return new Operation("unreadable JSON", false);
      }
      Operation jsonRpc = jsonRpc(json, reads);
      if (jsonRpc != null) {
        return jsonRpc;
      }
      if (reads.graphqlQueries()) {
        Operation graphql = graphqlJson(json);
        if (graphql != null) {
          return graphql;
        }
      }
    }
    return Operation.unnamed(false);
  }

  private static Operation graphql(String query, String operationName) {
    OperationDefinition selected = GraphqlOperation.selected(query, operationName);
    if (selected == null) {
      return new Operation(operationName, false);
    }
    return new Operation(
        GraphqlOperation.name(selected),
        selected.getOperation() == OperationDefinition.Operation.QUERY);
  }

  /**
   * A GraphQL request over JSON ({@code {"query": ..., "operationName": ...}}), or a batch of them.
   */
  private static Operation graphqlJson(JsonNode json) {
    List<JsonNode> requests = new ArrayList<>();
    if (json.isArray()) {
      json.forEach(requests::add);
    } else {
      requests.add(json);
    }
    if (requests.isEmpty() || !requests.stream().allMatch(r -> r.path("query").isString())) {
      return null;
    }
    List<String> names = new ArrayList<>();
    boolean read = true;
    for (JsonNode request : requests) {
      String operationName =
          request.path("operationName").isString() ? request.get("operationName").asString() : null;
      Operation operation = graphql(request.get("query").asString(), operationName);
      read &= operation.read();
      names.add(operation.name() == null ? "unparseable" : operation.name());
    }
    return new Operation(String.join(",", names), read);
  }

  /** A JSON-RPC 2.0 call or batch: a read when every method called is declared. */
  private static Operation jsonRpc(JsonNode json, ReadDeclaration reads) {
    List<JsonNode> calls = new ArrayList<>();
    if (json.isArray()) {
      json.forEach(calls::add);
    } else {
      calls.add(json);
    }
    if (calls.isEmpty()
        || !calls.stream().allMatch(c -> c.path("jsonrpc").asString("").equals("2.0"))) {
      return null;
    }
    List<String> methods = new ArrayList<>();
    boolean read = true;
    for (JsonNode call : calls) {
      String name = call.path("method").isString() ? call.get("method").asString() : null;
      methods.add(name == null ? "no method" : name);
      read &= name != null && reads.jsonRpcMethods().contains(name);
    }
    return new Operation(String.join(",", methods), read);
  }
}
