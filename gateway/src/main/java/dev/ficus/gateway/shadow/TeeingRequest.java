package dev.ficus.gateway.shadow;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.publisher.Flux;

/** The client's request, its body copied (bounded) as the primary call reads it. */
final class TeeingRequest extends ServerHttpRequestDecorator {

  private final BodyTee tee;

  TeeingRequest(ServerHttpRequest delegate, long limit) {
    super(delegate);
    this.tee = new BodyTee(limit);
  }

  @Override
  public Flux<DataBuffer> getBody() {
    return super.getBody().doOnNext(tee::append);
  }

  BodyTee tee() {
    return tee;
  }
}
