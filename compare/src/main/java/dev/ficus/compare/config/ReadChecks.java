package dev.ficus.compare.config;

import dev.ficus.compare.operation.ReadDeclaration;
import dev.ficus.compare.operation.RequestPattern;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks a route's {@code shadow.reads} (the requests that are not GET, HEAD or OPTIONS but are
 * reads) and builds its {@link ReadDeclaration}; the gateway and replay apply the same checks, so a
 * file one refuses the other refuses with the same message.
 */
public final class ReadChecks {

  /** A declared read request, as written: its method and path pattern. */
  public record Request(String method, String path) {}

  private static final long MAX_BODY = 16L << 20;

  private final List<String> problems;

  /**
   * @param problems where problems are added (it may already hold others)
   */
  public ReadChecks(List<String> problems) {
    this.problems = problems;
  }

  /**
   * @param prefix the key of the route's reads, e.g. {@code ficus.routes[0].shadow.reads}
   * @param maxBodyBytes how much of a body is read to classify it, in bytes; null for the default
   * @return what the route declares; {@link ReadDeclaration#NONE} when it declares nothing
   */
  public ReadDeclaration reads(
      String prefix,
      List<String> soapOperations,
      String graphql,
      List<String> jsonRpcMethods,
      List<Request> requests,
      Long maxBodyBytes) {
    boolean queries = false;
    if (graphql != null && !graphql.isBlank()) {
      queries = graphql.trim().equals("queries");
      if (!queries && !graphql.trim().equals("none")) {
        problems.add(
            prefix
                + ".graphql: '"
                + graphql
                + "' must be 'queries' (documents whose selected operation is a query) or 'none'");
      }
    }
    List<RequestPattern> patterns = new ArrayList<>();
    if (requests != null) {
      for (int i = 0; i < requests.size(); i++) {
        Request request = requests.get(i);
        try {
          if (request == null
              || request.method() == null
              || !request
                  .method()
                  .trim()
                  .matches("(?i)POST|PUT|PATCH|DELETE|GET|QUERY|REPORT|SEARCH")) {
            throw new IllegalArgumentException(
                "method '"
                    + (request == null ? null : request.method())
                    + "' must be an HTTP method, e.g. POST");
          }
          patterns.add(new RequestPattern(request.method(), request.path()));
        } catch (IllegalArgumentException e) {
          problems.add(prefix + ".requests[" + i + "]: " + e.getMessage());
        }
      }
    }
    long maxBody = maxBodyBytes == null ? ReadDeclaration.DEFAULT_MAX_BODY_BYTES : maxBodyBytes;
    if (maxBody < 1 || maxBody > MAX_BODY) {
      problems.add(
          prefix + ".max-body-bytes: '" + maxBody + "B' must be between 1B and 16MB, e.g. 64KB");
      maxBody = ReadDeclaration.DEFAULT_MAX_BODY_BYTES;
    }
    return new ReadDeclaration(
        names(prefix + ".soap-operations", soapOperations),
        queries,
        names(prefix + ".json-rpc-methods", jsonRpcMethods),
        patterns,
        (int) maxBody);
  }

  private Set<String> names(String property, List<String> values) {
    Set<String> names = new LinkedHashSet<>();
    if (values == null) {
      return names;
    }
    for (int i = 0; i < values.size(); i++) {
      String name = values.get(i);
      if (name == null || name.isBlank()) {
        problems.add(property + "[" + i + "]: must be an operation's name, e.g. GetInvoice");
      } else {
        names.add(name.trim());
      }
    }
    return names;
  }
}
