package dev.ficus.gateway.route;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The validated routes, in configuration order, and the legacy side every unclaimed request goes
 * to.
 *
 * @param legacyUri base URI of the legacy side
 * @param routes the migrated routes, in configuration order
 * @param catchAll the route for requests no migrated route claims
 */
public record RouteTable(URI legacyUri, List<MigrationRoute> routes, MigrationRoute catchAll) {

  public RouteTable {
    routes = List.copyOf(routes);
  }

  public Optional<MigrationRoute> route(String id) {
    return routes.stream().filter(route -> route.id().equals(id)).findFirst();
  }
}
