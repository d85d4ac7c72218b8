package dev.ficus.fleet.adapter;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Billing's SOAP service for accounting systems ({@code POST /billing/soap}): the partners speak
 * the monolith's SOAP already, so the adapter passes envelopes through unchanged, both ways.
 */
@RestController
final class SoapController {

  private final MonolithClient monolith;

  SoapController(MonolithClient monolith) {
    this.monolith = monolith;
  }

  @PostMapping("/billing/soap")
  Mono<ResponseEntity<byte[]>> billing(
      @RequestBody(required = false) byte[] envelope,
      @RequestHeader(value = HttpHeaders.CONTENT_TYPE, required = false) String contentType,
      @RequestHeader(value = "SOAPAction", required = false) String soapAction) {
    return monolith
        .soap(envelope == null ? new byte[0] : envelope, contentType, soapAction)
        .map(
            answer -> {
              ResponseEntity.BodyBuilder passed = ResponseEntity.status(answer.getStatusCode());
              if (answer.getHeaders().getContentType() != null) {
                passed.contentType(answer.getHeaders().getContentType());
              }
              return passed.body(answer.getBody() == null ? new byte[0] : answer.getBody());
            });
  }
}
