package dev.ficus.gateway.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

class IdentityReaderTest {

  final AtomicInteger ignored = new AtomicInteger();
  final IdentityReader fromProxies =
      new IdentityReader(
          "X-User-Id",
          null,
          Pattern.compile("10\\.0\\.0\\.\\d+|::1|0:0:0:0:0:0:0:1"),
          ignored::incrementAndGet);

  static MockServerHttpRequest from(String address, String... headers) {
    MockServerHttpRequest.BaseBuilder<?> request =
        MockServerHttpRequest.get("/trips/1").remoteAddress(new InetSocketAddress(address, 40_000));
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return request.build();
  }

  @Test
  void readsTheUserIdFromATrustedProxy() {
    assertThat(fromProxies.userId(from("10.0.0.7", "X-User-Id", "u1"))).hasValue("u1");
    assertThat(fromProxies.userId(from("::1", "X-User-Id", "u2"))).hasValue("u2");
    assertThat(ignored).hasValue(0);
  }

  @Test
  void ignoresAndCountsAUserIdFromAnyOtherAddress() {
    assertThat(fromProxies.userId(from("192.168.1.20", "X-User-Id", "u1"))).isEmpty();
    assertThat(fromProxies.userId(from("10.0.0.77.evil", "X-User-Id", "u1"))).isEmpty();
    assertThat(fromProxies.userId(from("110.0.0.7", "X-User-Id", "u1"))).isEmpty();
    assertThat(ignored).hasValue(3);
    assertThat(fromProxies.userId(from("192.168.1.20")))
        .as("no user id: nothing ignored")
        .isEmpty();
    assertThat(ignored).hasValue(3);
  }

  @Test
  void appliesToAJwtClaimAlike() {
    String payload =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString("{\"sub\":\"ada\"}".getBytes(StandardCharsets.UTF_8));
    String bearer = "Bearer e30." + payload + ".c2ln";
    IdentityReader jwt =
        new IdentityReader(
            "X-User-Id", "sub", Pattern.compile("10\\.0\\.0\\.1"), ignored::incrementAndGet);
    assertThat(jwt.userId(from("10.0.0.1", "Authorization", bearer))).hasValue("ada");
    assertThat(jwt.userId(from("10.0.0.2", "Authorization", bearer))).isEmpty();
    assertThat(ignored).hasValue(1);
  }

  @Test
  void withoutTrustedProxiesAnyAddressIsRead() {
    IdentityReader open = new IdentityReader("X-User-Id", null);
    assertThat(open.userId(from("203.0.113.9", "X-User-Id", "u1"))).hasValue("u1");
  }
}
