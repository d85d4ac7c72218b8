package dev.ficus.gateway.shadow.reads;

import com.sun.net.httpserver.HttpServer;
import graphql.ExecutionInput;
import graphql.GraphQL;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A new trips service's GraphQL endpoint, executed by graphql-java, on the JDK's HTTP server. */
final class GraphqlEndpoint implements AutoCloseable {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  final AtomicInteger queries = new AtomicInteger();
  final AtomicInteger bookings = new AtomicInteger();
  private final HttpServer server;

  GraphqlEndpoint() throws IOException {
    String schema =
        """
        type Query { trip(id: ID!): Trip }
        type Mutation { book(trip: ID!): Trip }
        type Trip { id: ID! fare: Float }
        """;
    RuntimeWiring wiring =
        RuntimeWiring.newRuntimeWiring()
            .type(
                "Query",
                type ->
                    type.dataFetcher(
                        "trip",
                        env -> {
                          queries.incrementAndGet();
                          String id = env.getArgument("id");
                          return Map.<String, Object>of("id", id, "fare", 10.0);
                        }))
            .type(
                "Mutation",
                type ->
                    type.dataFetcher(
                        "book",
                        env -> {
                          bookings.incrementAndGet();
                          String trip = env.getArgument("trip");
                          return Map.<String, Object>of("id", trip, "fare", 10.0);
                        }))
            .build();
    GraphQL graphql =
        GraphQL.newGraphQL(
                new SchemaGenerator()
                    .makeExecutableSchema(new SchemaParser().parse(schema), wiring))
            .build();
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/graphql",
        exchange -> {
          JsonNode request = JSON.readTree(exchange.getRequestBody().readAllBytes());
          ExecutionInput.Builder input =
              ExecutionInput.newExecutionInput().query(request.path("query").asString());
          if (request.path("operationName").isString()) {
            input.operationName(request.get("operationName").asString());
          }
          byte[] answer = JSON.writeValueAsBytes(graphql.execute(input.build()).toSpecification());
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
  }

  String uri() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
