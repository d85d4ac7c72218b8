package dev.ficus.gateway.support;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.timeout.ReadTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * The limits of what a client may send, on the listening server itself: a client that stops sending
 * its request body is cut off after {@code readTimeout} (answered 408 when it can be, and the
 * connection closed), so a slow client cannot hold a connection forever; a connection with no
 * request in flight is closed after {@code idleTimeout}; and the answers Reactor Netty makes itself
 * for a request it cannot read (431 header fields too large, 414 URI too long, 408, 400) carry a
 * problem+json body that says which limit and how to change it, like every other answer of Ficus's
 * own.
 *
 * <p>Both clocks are kept by one handler for the connection's life, which looks at them on a timer
 * of its own. Reactor Netty's own idle and read timeouts do the same work by adding and removing a
 * handler, with a timer task, around every request (about 4% of a proxied request's CPU each).
 */
public final class RequestLimits implements NettyServerCustomizer {

  static final String HANDLER = "ficus.requestLimits";

  private static final Map<Integer, String[]> PROBLEMS =
      Map.of(
          431,
          new String[] {
            "urn:ficus:problem:header-too-large",
            "Request Header Fields Too Large",
            "The request's headers are over the server's limit"
                + " (server.max-http-request-header-size, 8KB by default)"
          },
          414,
          new String[] {
            "urn:ficus:problem:uri-too-long",
            "URI Too Long",
            "The request line is over the server's limit (4096 bytes)"
          },
          408,
          new String[] {
            "urn:ficus:problem:request-timeout",
            "Request Timeout",
            "The request was not received in time (ficus.limits.read-timeout between two reads)"
          },
          400,
          new String[] {
            "urn:ficus:problem:bad-request", "Bad Request", "The request is not valid HTTP/1.1"
          });

  private final Duration readTimeout;
  private final Duration idleTimeout;

  public RequestLimits(Duration readTimeout, Duration idleTimeout) {
    this.readTimeout = readTimeout;
    this.idleTimeout = idleTimeout;
  }

  @Override
  public HttpServer apply(HttpServer server) {
    long readNanos = readTimeout.toNanos();
    long idleNanos = idleTimeout.toNanos();
    return server.doOnChannelInit(
        (observer, channel, address) -> {
          ChannelPipeline pipeline = channel.pipeline();
          if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(HANDLER) == null) {
            pipeline.addAfter(
                NettyPipeline.HttpCodec, HANDLER, new ConnectionLimits(readNanos, idleNanos));
          }
        });
  }

  /**
   * One connection's limits, between the HTTP codec and Reactor Netty: it sees each request and
   * each answer as they pass, and keeps two clocks on one timer task, rescheduled only when it
   * fires (or when a request's body starts to lag).
   */
  static final class ConnectionLimits extends ChannelDuplexHandler {

    private final long readNanos;
    private final long idleNanos;
    private final long checkEvery;

    /** Requests read and not yet answered in full. */
    private int inFlight;

    /** A request has begun and its body has not all arrived. */
    private boolean receiving;

    private long lastRead = System.nanoTime();
    private long lastAnswer = lastRead;
    private ScheduledFuture<?> check;
    private long checkAt;

    ConnectionLimits(long readNanos, long idleNanos) {
      this.readNanos = readNanos;
      this.idleNanos = idleNanos;
      this.checkEvery = Math.min(readNanos, idleNanos);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
        schedule(ctx, idleNanos);
      }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      if (check == null) {
        schedule(ctx, idleNanos);
      }
      super.channelActive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      cancel();
      super.channelInactive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
      lastRead = System.nanoTime();
      if (msg instanceof HttpRequest) {
        inFlight++;
        receiving = true;
      }
      if (msg instanceof LastHttpContent) {
        receiving = false;
      }
      super.channelRead(ctx, msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
      // A body still to come must arrive within the read timeout: the timer looks by then.
      if (receiving && checkAt - (lastRead + readNanos) > 0) {
        cancel();
        schedule(ctx, readNanos);
      }
      super.channelReadComplete(ctx);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
        throws Exception {
      if (msg instanceof LastHttpContent
          && !(msg instanceof HttpResponse response
              && response.status().codeClass().equals(HttpStatusClass.INFORMATIONAL))) {
        inFlight = Math.max(0, inFlight - 1);
        lastAnswer = System.nanoTime();
      }
      if (msg instanceof FullHttpResponse response
          && response.content().readableBytes() == 0
          && PROBLEMS.containsKey(response.status().code())) {
        super.write(ctx, withProblemBody(response), promise);
        return;
      }
      super.write(ctx, msg, promise);
    }

    private void schedule(ChannelHandlerContext ctx, long delayNanos) {
      long delay = Math.max(1, Math.min(delayNanos, checkEvery));
      checkAt = System.nanoTime() + delay;
      check = ctx.executor().schedule(() -> look(ctx), delay, TimeUnit.NANOSECONDS);
    }

    private void cancel() {
      if (check != null) {
        check.cancel(false);
        check = null;
      }
    }

    /** The timer: closes a connection whose body stopped or which sat idle, else looks again. */
    private void look(ChannelHandlerContext ctx) {
      if (!ctx.channel().isOpen()) {
        return;
      }
      long now = System.nanoTime();
      if (receiving) {
        long waited = now - lastRead;
        if (waited >= readNanos) {
          check = null;
          // As Netty's ReadTimeoutHandler does: Reactor Netty answers 408 if it still can.
          ctx.fireExceptionCaught(ReadTimeoutException.INSTANCE);
          ctx.close();
          return;
        }
        schedule(ctx, readNanos - waited);
      } else if (inFlight == 0) {
        long idle = now - Math.max(lastRead, lastAnswer);
        if (idle >= idleNanos) {
          check = null;
          ctx.close();
          return;
        }
        schedule(ctx, idleNanos - idle);
      } else {
        // Waiting for the answer, which is Ficus's own doing, bounded by the route's timeouts.
        schedule(ctx, idleNanos);
      }
    }
  }

  /** Reactor Netty's own bodiless error answer, with a problem+json body. */
  static FullHttpResponse withProblemBody(FullHttpResponse response) {
    String[] problem = PROBLEMS.get(response.status().code());
    byte[] body =
        ("{\"type\":\""
                + problem[0]
                + "\",\"title\":\""
                + problem[1]
                + "\",\"status\":"
                + response.status().code()
                + ",\"detail\":\""
                + problem[2]
                + "\"}")
            .getBytes(StandardCharsets.UTF_8);
    FullHttpResponse withBody =
        new DefaultFullHttpResponse(
            response.protocolVersion(),
            HttpResponseStatus.valueOf(response.status().code()),
            Unpooled.wrappedBuffer(body),
            response.headers().copy(),
            response.trailingHeaders());
    withBody.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
    withBody.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
    response.release();
    return withBody;
  }
}
