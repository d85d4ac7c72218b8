package dev.ficus.gateway.console;

import dev.ficus.gateway.admin.AdminTokenFilter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * What the console needs to know besides the admin API: the trace link template, and what the
 * signed-in token may do. Guarded by {@link AdminTokenFilter}.
 */
@RestController
final class ConsoleSettingsController {

  private final ConsoleSettings settings;

  ConsoleSettingsController(ConsoleSettings settings) {
    this.settings = settings;
  }

  @GetMapping(
      path = AdminTokenFilter.CONSOLE_API + "/settings",
      produces = MediaType.APPLICATION_JSON_VALUE)
  Map<String, Object> settings(ServerWebExchange exchange) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("traceUrl", settings.traceUrl());
    Object role = exchange.getAttribute(AdminTokenFilter.ROLE_ATTRIBUTE);
    body.put("role", role == null ? "operator" : role.toString());
    return body;
  }
}
