package dev.ficus.gateway.console;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Serves the cutover console at {@code /ficus/console}: one page, its script and its style, from
 * the gateway's own resources (nothing from another host), with a strict Content-Security-Policy.
 * The page asks for the admin token itself; without {@code ficus.admin.token} the console is off
 * (404), like the admin API. Served ahead of the gateway's routes, so the monolith never sees these
 * paths.
 */
public final class ConsoleRoutes {

  /** Where the console is. */
  public static final String PATH = "/ficus/console";

  /** Scripts and styles only from this gateway; nothing framed, nothing sent elsewhere. */
  static final String POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self';"
          + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private static final Map<String, MediaType> FILES =
      Map.of(
          "index.html", MediaType.TEXT_HTML,
          "console.js", MediaType.valueOf("text/javascript"),
          "console.css", MediaType.valueOf("text/css"));

  private ConsoleRoutes() {}

  /**
   * @param enabled whether an admin token is configured
   */
  public static RouterFunction<ServerResponse> routes(boolean enabled) {
    return RouterFunctions.route()
        .GET(PATH, request -> enabled ? file("index.html") : off())
        .GET(PATH + "/", request -> enabled ? file("index.html") : off())
        .GET(PATH + "/{file}", request -> enabled ? named(request) : off())
        .build();
  }

  private static Mono<ServerResponse> named(ServerRequest request) {
    String file = request.pathVariable("file");
    return FILES.containsKey(file) ? file(file) : notFound(file);
  }

  private static Mono<ServerResponse> file(String name) {
    return Mono.fromCallable(
            () -> {
              try (var in = new ClassPathResource("ficus-console/" + name).getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
              }
            })
        .flatMap(
            body ->
                ServerResponse.ok()
                    .contentType(new MediaType(FILES.get(name), StandardCharsets.UTF_8))
                    .header("Content-Security-Policy", POLICY)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "DENY")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Cache-Control", "no-cache")
                    .bodyValue(body));
  }

  private static Mono<ServerResponse> off() {
    return problem(
        HttpStatus.NOT_FOUND,
        "urn:ficus:problem:console-disabled",
        "Console disabled",
        "The console is off, as the admin API is; set ficus.admin.token to turn both on");
  }

  private static Mono<ServerResponse> notFound(String file) {
    return problem(
        HttpStatus.NOT_FOUND,
        "urn:ficus:problem:not-found",
        "Not found",
        "The console has no file '" + file + "'");
  }

  private static Mono<ServerResponse> problem(
      HttpStatus status, String type, String title, String detail) {
    return ServerResponse.status(status)
        .contentType(MediaType.APPLICATION_PROBLEM_JSON)
        .bodyValue(
            Map.of("type", type, "title", title, "status", status.value(), "detail", detail));
  }
}
