package dev.ficus.fleet.adapter;

import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;

/**
 * Calls the monolith's old API. The monolith answers HTTP 200 with its real status as a {@code
 * status_code} field; this client turns a failing one into a {@link AdapterProblem}, and a monolith
 * that cannot be reached or does not answer in time into a 502 or 504.
 */
@Component
final class MonolithClient {

  static final String API = "/legacy/api/v1";

  /** The monolith's SOAP service for accounting systems, beside its old JSON API. */
  static final String SOAP = "/legacy/soap/billing";

  private final WebClient web;
  private final WebClient soap;
  private final Duration timeout;
  private final URI url;

  MonolithClient(MonolithProperties properties) {
    this.timeout = properties.timeout();
    this.url = properties.url();
    HttpClient http =
        HttpClient.create()
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(timeout.toMillis(), 5_000))
            .responseTimeout(timeout);
    this.web =
        WebClient.builder()
            .baseUrl(properties.url() + API)
            .clientConnector(new ReactorClientHttpConnector(http))
            .build();
    this.soap =
        WebClient.builder()
            .baseUrl(properties.url() + SOAP)
            .clientConnector(new ReactorClientHttpConnector(http))
            .build();
  }

  /**
   * A SOAP call, passed on as it came: the envelope, its content type and SOAPAction; the answer
   * (an answer or a SOAP Fault) with its status and content type as the monolith gave them.
   */
  Mono<org.springframework.http.ResponseEntity<byte[]>> soap(
      byte[] envelope, String contentType, String soapAction) {
    WebClient.RequestBodySpec request = soap.post();
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (soapAction != null) {
      request.header("SOAPAction", soapAction);
    }
    return request
        .bodyValue(envelope)
        .exchangeToMono(answer -> answer.toEntity(byte[].class))
        .timeout(timeout)
        .onErrorMap(this::unavailable);
  }

  Mono<JsonNode> get(String path) {
    return exchange(web.get().uri(path));
  }

  Mono<JsonNode> post(String path, JsonNode body) {
    return exchange(web.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
  }

  Mono<JsonNode> put(String path, JsonNode body) {
    return exchange(web.put().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
  }

  private Mono<JsonNode> exchange(WebClient.RequestHeadersSpec<?> request) {
    return request
        .retrieve()
        .bodyToMono(JsonNode.class)
        .timeout(timeout)
        .onErrorMap(this::unavailable)
        .flatMap(this::checked);
  }

  private Mono<JsonNode> checked(JsonNode answer) {
    int status = answer.path("status_code").asInt(0);
    if (status >= 200 && status < 300) {
      return Mono.just(answer);
    }
    String message = answer.path("error_message").asString("the monolith refused the request");
    if (status == 404) {
      return Mono.error(AdapterProblem.notFound(message));
    }
    if (status == 400) {
      String field = Translation.publicField(answer.path("error_field").asString("body"));
      return Mono.error(AdapterProblem.invalid(field, message));
    }
    return Mono.error(
        AdapterProblem.upstream(
            HttpStatus.BAD_GATEWAY, "the monolith answered status " + status + ": " + message));
  }

  private Throwable unavailable(Throwable error) {
    if (error instanceof AdapterProblem) {
      return error;
    }
    if (error instanceof TimeoutException
        || error.getCause() instanceof io.netty.handler.timeout.ReadTimeoutException
        || error.getClass().getSimpleName().contains("Timeout")) {
      return AdapterProblem.upstream(
          HttpStatus.GATEWAY_TIMEOUT,
          "the monolith at " + url + " did not answer within " + timeout.toMillis() + " ms");
    }
    if (error instanceof WebClientRequestException) {
      return AdapterProblem.upstream(
          HttpStatus.BAD_GATEWAY, "the monolith at " + url + " cannot be reached");
    }
    return AdapterProblem.upstream(
        HttpStatus.BAD_GATEWAY, "the monolith's answer cannot be read: " + error.getMessage());
  }

  @Override
  public String toString() {
    return "MonolithClient[" + url + ", timeout " + timeout + "]";
  }
}
