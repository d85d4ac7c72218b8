package dev.ficus.gateway.shadow;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The response to the client, its body copied (bounded) as it streams out; nothing waits for the
 * copy.
 */
final class TeeingResponse extends ServerHttpResponseDecorator {

  private final BodyTee tee;

  TeeingResponse(ServerHttpResponse delegate, long limit) {
    super(delegate);
    this.tee = new BodyTee(limit);
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
    return super.writeWith(Flux.from(body).doOnNext(tee::append));
  }

  @Override
  public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
    return super.writeAndFlushWith(
        Flux.from(body).map(part -> Flux.from(part).doOnNext(tee::append)));
  }

  BodyTee tee() {
    return tee;
  }
}
