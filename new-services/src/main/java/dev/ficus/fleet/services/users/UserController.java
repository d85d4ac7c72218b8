package dev.ficus.fleet.services.users;

import dev.ficus.fleet.FleetFixture;
import dev.ficus.fleet.FleetFixture.Preferences;
import dev.ficus.fleet.FleetFixture.User;
import dev.ficus.fleet.services.common.ContextEnabled;
import dev.ficus.fleet.services.common.Envelope;
import dev.ficus.fleet.services.common.Fields;
import dev.ficus.fleet.services.common.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/** The users context: profiles and their preferences. */
@RestController
@ContextEnabled("users")
class UserController {

  static final Set<String> LANGUAGES = Set.of("en", "de", "fr", "nl");

  private final Map<String, User> users = FleetFixture.generate().usersById();
  private final Map<String, Preferences> preferences = new ConcurrentHashMap<>();

  UserController() {
    users.values().forEach(user -> preferences.put(user.id(), user.preferences()));
  }

  @GetMapping("/users/{id}")
  Map<String, Object> user(@PathVariable String id) {
    User user = find(id);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("id", user.id());
    body.put("name", user.name());
    body.put("email", user.email());
    body.put("tier", user.tier());
    body.put("createdAt", user.createdAt().toString());
    return Envelope.of(body);
  }

  @GetMapping("/users/{id}/preferences")
  Map<String, Object> preferences(@PathVariable String id) {
    return Envelope.of(view(find(id).id(), preferences.get(id)));
  }

  @PutMapping("/users/{id}/preferences")
  Map<String, Object> update(
      @PathVariable String id, @RequestBody(required = false) JsonNode request) {
    find(id);
    JsonNode body = Fields.object(request);
    String language = Fields.text(body, "language");
    if (!LANGUAGES.contains(language)) {
      throw Problems.invalid("language", "language must be one of en, de, fr, nl");
    }
    boolean notifications = Fields.bool(body, "notifications");
    JsonNode model = body.get("preferredModel");
    if (model != null && !model.isNull() && !model.isString()) {
      throw Problems.invalid("preferredModel", "preferredModel must be a string");
    }
    Preferences updated =
        new Preferences(
            language,
            notifications,
            model == null || model.isNull()
                ? preferences.get(id).preferredModel()
                : model.asString());
    preferences.put(id, updated);
    return Envelope.of(view(id, updated));
  }

  private User find(String id) {
    User user = users.get(id);
    if (user == null) {
      throw Problems.notFound("user", id);
    }
    return user;
  }

  private static Map<String, Object> view(String userId, Preferences preferences) {
    Map<String, Object> view = new LinkedHashMap<>();
    view.put("userId", userId);
    view.put("language", preferences.language());
    view.put("notifications", preferences.notifications());
    view.put("preferredModel", preferences.preferredModel());
    return view;
  }
}
