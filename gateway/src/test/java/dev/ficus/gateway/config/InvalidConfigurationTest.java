package dev.ficus.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ficus.gateway.FicusGatewayApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Each bad configuration stops start-up with one message naming the property, the value and a fix.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidConfigurationTest {

  @TempDir static Path dir;

  static Stream<Arguments> badConfigurations() throws IOException {
    Path malformed =
        Files.writeString(dir.resolve("malformed.json"), "{\"features\": [ {\"name\": \"x\", ");
    Path unreadable = dir.resolve("missing-flags.json");
    return Stream.of(
        Arguments.of(
            "console trace link without the trace id",
            List.of("ficus.console.trace-url=http://zipkin:9411/zipkin/traces/"),
            "ficus.console.trace-url: 'http://zipkin:9411/zipkin/traces/' has no {traceId}; give the"
                + " link to one trace with {traceId} where its id goes"),
        Arguments.of(
            "console trace link that is no URL",
            List.of("ficus.console.trace-url=zipkin/traces/{traceId}"),
            "ficus.console.trace-url: 'zipkin/traces/{traceId}' is not an absolute http(s) URL"),
        Arguments.of(
            "idle timeout under a second",
            List.of("ficus.limits.idle-timeout=500ms"),
            "ficus.limits.idle-timeout: '500ms' must be at least 1s, e.g. 60s"),
        Arguments.of(
            "trusted proxies that are no regular expression",
            List.of("ficus.identity.trusted-proxies=10.0.0.(1"),
            "ficus.identity.trusted-proxies: '10.0.0.(1' is not a Java regular expression of"
                + " addresses"),
        Arguments.of(
            "route under Ficus's own paths",
            List.of(
                "ficus.routes[0].id=admin",
                "ficus.routes[0].paths[0]=/ficus/routes/**",
                "ficus.routes[0].mode=legacy"),
            "ficus.routes[0].paths[0]: '/ficus/routes/**' is under /ficus, where Ficus keeps its own"
                + " endpoints"),
        Arguments.of(
            "autopilot without a flag",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=shadow",
                "ficus.routes[0].autopilot.enabled=true"),
            "ficus.routes[0].autopilot.enabled: the autopilot steps the route through its flag"),
        Arguments.of(
            "autopilot steps out of order",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=shadow",
                "ficus.routes[0].flag=trips-flag",
                "ficus.routes[0].autopilot.enabled=true",
                "ficus.routes[0].autopilot.steps[0]=25",
                "ficus.routes[0].autopilot.steps[1]=5"),
            "ficus.routes[0].autopilot.steps[1]: '5' must be above the step before it, 25"),
        Arguments.of(
            "autopilot failing to nowhere",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=shadow",
                "ficus.routes[0].flag=trips-flag",
                "ficus.routes[0].autopilot.enabled=true",
                "ficus.routes[0].autopilot.on-failure=back"),
            "ficus.routes[0].autopilot.on-failure: 'back' must be legacy or previous"),
        Arguments.of(
            "verdict latency effect below a half",
            List.of("ficus.verdict.max-latency-effect=0.3"),
            "ficus.verdict.max-latency-effect: '0.3' must be between 0.5"),
        Arguments.of(
            "admin token with an unknown role",
            List.of(
                "ficus.admin.tokens[0].name=bob",
                "ficus.admin.tokens[0].token=bobs-token-1234",
                "ficus.admin.tokens[0].role=admin"),
            "ficus.admin.tokens[0].role: 'admin' must be viewer or operator"),
        Arguments.of(
            "two admin tokens alike",
            List.of(
                "ficus.admin.token=same-token-1234",
                "ficus.admin.tokens[0].name=bob",
                "ficus.admin.tokens[0].token=same-token-1234",
                "ficus.admin.tokens[0].role=viewer"),
            "ficus.admin.tokens[0].token: is the same as another admin token"),
        Arguments.of(
            "a JWT claim with nothing to verify the token",
            List.of("ficus.identity.jwt-claim=sub"),
            "ficus.identity.jwt: the user id is read from the JWT claim 'sub', so the token must be"
                + " verified: give jwks-uri"),
        Arguments.of(
            "a JWKS that is no URL",
            List.of("ficus.identity.jwt-claim=sub", "ficus.identity.jwt.jwks-uri=login/jwks.json"),
            "ficus.identity.jwt.jwks-uri: 'login/jwks.json' is not an absolute http(s) URL"),
        Arguments.of(
            "an Unleash context property from nowhere",
            List.of("ficus.identity.context.tenant=X-Tenant"),
            "ficus.identity.context.tenant: 'X-Tenant' must be header:NAME or claim:NAME"),
        Arguments.of(
            "an Unleash context property from a claim without a JWT",
            List.of("ficus.identity.context.plan=claim:plan"),
            "ficus.identity.context.plan: 'claim:plan' reads a claim of the JWT"),
        Arguments.of(
            "unknown mode",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=canery"),
            "ficus.routes[0].mode: 'canery' is not a mode; use one of legacy, shadow, canary, new"),
        Arguments.of(
            "capture sample rate above 1",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].mode=legacy",
                "ficus.capture.enabled=true",
                "ficus.capture.sample-rate=1.5"),
            "ficus.capture.sample-rate: '1.5' must be between 0 and 1"),
        Arguments.of(
            "capture redaction of a body path that is no JSON Pointer",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].mode=legacy",
                "ficus.capture.enabled=true",
                "ficus.capture.redact.body-paths[0]=password"),
            "ficus.capture.redact: 'password' is not a JSON Pointer: it must start with '/'"),
        Arguments.of(
            "route capture sample rate below 0",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].mode=legacy",
                "ficus.routes[0].capture.sample-rate=-0.1"),
            "ficus.routes[0].capture.sample-rate: '-0.1' must be between 0 and 1"),
        Arguments.of(
            "missing new-uri",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].mode=new"),
            "ficus.routes[0].new-uri: is missing; give the upstream's base URI"),
        Arguments.of(
            "overlapping routes",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].mode=legacy",
                "ficus.routes[1].id=trips-again",
                "ficus.routes[1].paths[0]=/trips/**",
                "ficus.routes[1].mode=legacy"),
            "ficus.routes: 'trips' (/trips/**) and 'trips-again' (/trips/**) claim the same requests with no clear precedence"),
        Arguments.of(
            "overlapping variables",
            List.of(
                "ficus.routes[0].id=a",
                "ficus.routes[0].paths[0]=/trips/{id}",
                "ficus.routes[0].methods[0]=GET",
                "ficus.routes[1].id=b",
                "ficus.routes[1].paths[0]=/trips/{tripId}",
                "ficus.routes[1].methods[0]=GET"),
            "'a' (/trips/{id}) and 'b' (/trips/{tripId}) claim the same requests"),
        Arguments.of(
            "malformed flags file",
            List.of(
                "ficus.flags.file=" + malformed,
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=canary",
                "ficus.routes[0].flag=f"),
            "ficus.flags.file: " + malformed + ": is not valid JSON"),
        Arguments.of(
            "unreadable flags file",
            List.of(
                "ficus.flags.file=" + unreadable,
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=canary",
                "ficus.routes[0].flag=f"),
            "ficus.flags.file: " + unreadable + ": cannot be read"),
        Arguments.of(
            "canary without flag",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=canary"),
            "ficus.routes[0].flag: is missing; mode canary needs the name of the flag"),
        Arguments.of(
            "bad legacy uri",
            List.of("ficus.legacy.uri=localhost:8081/app"),
            "ficus.legacy.uri: 'localhost:8081/app' must be an http or https URI with a host"),
        Arguments.of(
            "bad path pattern",
            List.of("ficus.routes[0].id=t", "ficus.routes[0].paths[0]=/trips/{id"),
            "ficus.routes[0].paths[0]: '/trips/{id' is not a Spring path pattern"),
        Arguments.of(
            "bad method",
            List.of(
                "ficus.routes[0].id=t",
                "ficus.routes[0].paths[0]=/t/**",
                "ficus.routes[0].methods[0]=FETCH"),
            "ficus.routes[0].methods[0]: 'FETCH' is not an HTTP method"),
        Arguments.of(
            "malformed compare path",
            List.of(
                "ficus.routes[0].id=vehicles",
                "ficus.routes[0].paths[0]=/vehicles/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=shadow",
                "ficus.routes[0].compare.ignore[0]=items/*/etag"),
            "ficus.routes[0].compare.ignore[0]: 'items/*/etag' is not a JSON Pointer: it must start with '/'"),
        Arguments.of(
            "tolerance without amount",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=shadow",
                "ficus.routes[0].compare.tolerance[0].path=/fare"),
            "ficus.routes[0].compare.tolerance[0]: needs absolute, relative or both"),
        Arguments.of(
            "sample rate above one",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=shadow",
                "ficus.routes[0].shadow.sample-rate=1.5"),
            "ficus.routes[0].shadow.sample-rate: '1.5' must be between 0 and 1"),
        Arguments.of(
            "shadow on a legacy route",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].mode=legacy",
                "ficus.routes[0].shadow.enabled=true"),
            "ficus.routes[0].shadow.enabled: 'true' needs new-uri, the side to compare with"),
        Arguments.of(
            "verdict rate above one",
            List.of("ficus.verdict.max-mismatch-rate=5"),
            "ficus.verdict.max-mismatch-rate: '5.0' must be between 0 and 1"),
        Arguments.of(
            "misspelled key",
            List.of("ficus.routs[0].id=trips", "ficus.routs[0].paths[0]=/trips/**"),
            "ficus.routs (command line): unknown key 'routs'; did you mean 'ficus.routes'?"),
        Arguments.of(
            "misspelled key inside a route",
            List.of(
                "ficus.routes[0].id=trips",
                "ficus.routes[0].paths[0]=/trips/**",
                "ficus.routes[0].new-uri=http://127.0.0.1:8082",
                "ficus.routes[0].mode=shadow",
                "ficus.routes[0].shadow.enable=true"),
            "ficus.routes[0].shadow.enable (command line): unknown key 'enable'; did you mean"
                + " 'ficus.routes[0].shadow.enabled'?"),
        Arguments.of(
            "unleash without token",
            List.of("ficus.flags.unleash.url=http://127.0.0.1:4242/api"),
            "ficus.flags.unleash.api-token: is missing"));
  }

  @Test
  void namesEveryMisspelledKeyOfAConfigFileWithItsLineAndTheNearestKey(CapturedOutput output)
      throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("typos.yml"),
            """
            ficus:
              routs:
                - id: misplaced
                  paths: [/misplaced/**]
              routes:
                - id: vehicles
                  paths: [/vehicles/**]
                  new-uri: http://127.0.0.1:8082
                  mode: shadow
                  shadow:
                    enable: true
                  compare:
                    ignor: [/etag]
            """);
    Throwable cause = startFailure(List.of("spring.config.additional-location=file:" + config));
    assertThat(cause.getMessage())
        .contains(
            "ficus.routs (typos.yml line 2): unknown key 'routs'; did you mean 'ficus.routes'?")
        .contains(
            "ficus.routes[0].shadow.enable (typos.yml line 11): unknown key 'enable'; did you mean"
                + " 'ficus.routes[0].shadow.enabled'?")
        .contains(
            "ficus.routes[0].compare.ignor (typos.yml line 13): unknown key 'ignor'; did you mean"
                + " 'ficus.routes[0].compare.ignore'?");
    assertThat(output.getOut() + output.getErr()).contains("APPLICATION FAILED TO START");
  }

  @Test
  void namesMisspelledSpringBootKeysOfAConfigFileWithTheirLines(CapturedOutput output)
      throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("spring-typos.yml"),
            """
            # The gateway's own settings.
            server:
              prot: 9180
              shutdown: graceful
            management:
              endpoints:
                web:
                  exposure:
                    include: health,prometheus
              endpoint:
                helth:
                  probes:
                    enabled: true
              metrics:
                tags:
                  region: eu-1
            spring:
              application:
                nam: ficus
            ficus:
              legacy:
                uri: http://127.0.0.1:1
            """);
    Throwable cause = startFailure(List.of("spring.config.additional-location=file:" + config));
    assertThat(((InvalidConfigurationException) cause).problems())
        .containsExactly(
            "server.prot (spring-typos.yml line 3): unknown key 'prot'; did you mean 'server.port'?",
            "management.endpoint.helth (spring-typos.yml line 11): unknown key 'helth'; did you"
                + " mean 'management.endpoint.health'?",
            "spring.application.nam (spring-typos.yml line 19): unknown key 'nam'; did you mean"
                + " 'spring.application.name'?");
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("did you mean 'server.port'?");
  }

  @Test
  void refusesARouteInAModeThatDoesNotExistFromAConfigFile() throws IOException {
    Path config =
        Files.writeString(
            dir.resolve("mode.yml"),
            """
            ficus:
              legacy:
                uri: http://127.0.0.1:1
              routes:
                - id: x
                  paths: [/x]
                  new-uri: http://127.0.0.1:2
                  flag: x
                  mode: canery
            """);
    Throwable cause = startFailure(List.of("spring.config.additional-location=file:" + config));
    assertThat(((InvalidConfigurationException) cause).problems())
        .containsExactly(
            "ficus.routes[0].mode: 'canery' is not a mode; use one of legacy, shadow, canary, new");
  }

  @Test
  void ignoresFicusEnvironmentVariablesThatAreNoSettings() {
    // The launcher's FICUS_JAVA_OPTS is in many environments; as a property it would read
    // ficus.java.opts. The environment is not checked, so a gateway with it starts.
    var environment = new org.springframework.core.env.StandardEnvironment();
    environment
        .getPropertySources()
        .replace(
            "systemEnvironment",
            new org.springframework.core.env.SystemEnvironmentPropertySource(
                "systemEnvironment", java.util.Map.of("FICUS_JAVA_OPTS", "-Xmx256m")));
    assertThat(UnknownKeys.in(environment)).isEmpty();
    environment
        .getPropertySources()
        .addFirst(
            new org.springframework.core.env.MapPropertySource(
                "commandLineArgs", java.util.Map.of("ficus.java.opts", "-Xmx256m")));
    assertThat(UnknownKeys.in(environment))
        .containsExactly(
            "ficus.java (command line): unknown key 'java'; see docs/configuration.md for the keys under ficus");
  }

  private static Throwable startFailure(List<String> properties) {
    List<String> args = new ArrayList<>();
    properties.forEach(property -> args.add("--" + property));
    args.add("--server.port=0");
    Throwable failure =
        catchThrowable(
            () ->
                new SpringApplicationBuilder(FicusGatewayApplication.class)
                    .web(WebApplicationType.REACTIVE)
                    .run(args.toArray(String[]::new))
                    .close());
    assertThat(failure).as("start-up must fail").isNotNull();
    Throwable cause = failure;
    while (cause != null && !(cause instanceof InvalidConfigurationException)) {
      cause = cause.getCause();
    }
    assertThat(cause).isInstanceOf(InvalidConfigurationException.class);
    return cause;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badConfigurations")
  void refusesToStartWithOneMessageNamingTheProblem(
      String name, List<String> properties, String message, CapturedOutput output) {
    List<String> args = new ArrayList<>();
    properties.forEach(property -> args.add("--" + property));
    args.add("--server.port=0");
    Throwable failure =
        catchThrowable(
            () ->
                new SpringApplicationBuilder(FicusGatewayApplication.class)
                    .web(WebApplicationType.REACTIVE)
                    .run(args.toArray(String[]::new))
                    .close());
    assertThat(failure).as("start-up must fail for %s", name).isNotNull();
    Throwable cause = failure;
    while (cause != null && !(cause instanceof InvalidConfigurationException)) {
      cause = cause.getCause();
    }
    assertThat(cause)
        .as("the failure of %s", name)
        .isInstanceOf(InvalidConfigurationException.class);
    assertThat(cause.getMessage()).contains(message);
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains(message);
  }
}
