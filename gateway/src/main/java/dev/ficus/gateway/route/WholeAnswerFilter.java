package dev.ficus.gateway.route;

import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.NettyWriteResponseFilter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Sends a small upstream answer to the client in one write. Spring Cloud Gateway hands the
 * upstream's body on as a stream, so Reactor Netty writes the status line and headers in one system
 * call and the body in another. An answer whose {@code Content-Length} is at most {@link
 * #MAX_BYTES} is gathered first (it nearly always came in one read) and goes out with its headers
 * in one. Larger answers, answers of unknown length (chunked, server-sent events) and answers
 * flushed part by part stream as before.
 */
public final class WholeAnswerFilter implements GlobalFilter, Ordered {

  /** Right before {@link NettyWriteResponseFilter} and the shadow step that copies the answer. */
  public static final int ORDER = NettyWriteResponseFilter.WRITE_RESPONSE_FILTER_ORDER - 2;

  /** The largest answer gathered: what a few reads of the upstream's connection bring. */
  public static final int MAX_BYTES = 16 * 1024;

  @Override
  public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
    if (exchange.getRequest().getMethod() == HttpMethod.HEAD) {
      return chain.filter(exchange);
    }
    return chain.filter(
        exchange.mutate().response(new WholeAnswer(exchange.getResponse())).build());
  }

  private static final class WholeAnswer extends ServerHttpResponseDecorator {

    WholeAnswer(ServerHttpResponse delegate) {
      super(delegate);
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
      long length = getHeaders().getContentLength();
      if (body instanceof Mono || length <= 0 || length > MAX_BYTES) {
        return super.writeWith(body);
      }
      // A body that turns out longer than announced fails here rather than going out cut short.
      return super.writeWith(DataBufferUtils.join(body, MAX_BYTES));
    }
  }

  @Override
  public int getOrder() {
    return ORDER;
  }

  @Override
  public String toString() {
    return "WholeAnswerFilter[up to " + MAX_BYTES + " bytes]";
  }
}
