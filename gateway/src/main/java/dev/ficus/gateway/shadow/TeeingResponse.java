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

  /** Every byte of the body went out to the client: the upstream body ended, or was empty. */
  private volatile boolean complete;

  TeeingResponse(ServerHttpResponse delegate, long limit) {
    super(delegate);
    this.tee = new BodyTee(limit);
  }

  @Override
  public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
    return super.writeWith(Flux.from(body).doOnNext(tee::append).doOnComplete(this::completed));
  }

  @Override
  public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
    return super.writeAndFlushWith(
        Flux.from(body)
            .map(part -> Flux.from(part).doOnNext(tee::append))
            .doOnComplete(this::completed));
  }

  @Override
  public Mono<Void> setComplete() {
    completed();
    return super.setComplete();
  }

  private void completed() {
    complete = true;
  }

  /**
   * Whether the client was sent the whole body: the body ended, or as many bytes went out as the
   * answer's {@code Content-Length} says. A client may close its connection the moment it has the
   * last byte, before the write is signalled as done; its answer was whole all the same.
   */
  boolean sentWhole() {
    if (complete) {
      return true;
    }
    long length = getHeaders().getContentLength();
    return length >= 0 && tee.seen() == length;
  }

  BodyTee tee() {
    return tee;
  }
}
