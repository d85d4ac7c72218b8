package dev.ficus.gateway.support;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * The limits of what a client may send, on the listening server itself: a client that stops sending
 * its request body is answered 408 after {@code readTimeout} (a slow client cannot hold a
 * connection forever); and the answers Reactor Netty makes itself for a request it cannot read (431
 * header fields too large, 414 URI too long, 408, 400) carry a problem+json body that says which
 * limit and how to change it, like every other answer of Ficus's own.
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

  public RequestLimits(Duration readTimeout) {
    this.readTimeout = readTimeout;
  }

  @Override
  public HttpServer apply(HttpServer server) {
    return server
        .readTimeout(readTimeout)
        .doOnChannelInit(
            (observer, channel, address) -> {
              ChannelPipeline pipeline = channel.pipeline();
              if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(HANDLER) == null) {
                pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, new ProblemBodies());
              }
            });
  }

  /** Gives Reactor Netty's own bodiless error answers a problem+json body. */
  static final class ProblemBodies extends ChannelOutboundHandlerAdapter {
    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
        throws Exception {
      if (msg instanceof FullHttpResponse response
          && response.content().readableBytes() == 0
          && PROBLEMS.containsKey(response.status().code())) {
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
        super.write(ctx, withBody, promise);
        return;
      }
      super.write(ctx, msg, promise);
    }
  }
}
