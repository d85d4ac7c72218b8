package dev.ficus.compare.operation;

import java.util.List;
import java.util.Set;

/**
 * Which of a route's requests that are not GET, HEAD or OPTIONS are reads, compared like GETs: SOAP
 * operations by name, GraphQL queries, JSON-RPC methods, and plain "POST is a read" endpoints. A
 * request it does not declare a read stays a write.
 *
 * @param soapOperations SOAP operations that are reads (by SOAPAction, the action parameter, and
 *     the first element of the SOAP Body: each one present must name a declared operation)
 * @param graphqlQueries whether GraphQL documents whose selected operation is a query are reads
 * @param jsonRpcMethods JSON-RPC 2.0 methods that are reads (a batch only when all of its calls
 *     are)
 * @param requests method and path patterns whose requests are reads
 * @param maxBodyBytes the prefix of a body that is read to classify it; a longer body is a write
 */
public record ReadDeclaration(
    Set<String> soapOperations,
    boolean graphqlQueries,
    Set<String> jsonRpcMethods,
    List<RequestPattern> requests,
    int maxBodyBytes) {

  /** How much of a body is read to classify it, unless configured. */
  public static final int DEFAULT_MAX_BODY_BYTES = 64 * 1024;

  /** Nothing declared: every request that is not GET, HEAD or OPTIONS is a write. */
  public static final ReadDeclaration NONE =
      new ReadDeclaration(Set.of(), false, Set.of(), List.of(), DEFAULT_MAX_BODY_BYTES);

  public ReadDeclaration {
    soapOperations = Set.copyOf(soapOperations);
    jsonRpcMethods = Set.copyOf(jsonRpcMethods);
    requests = List.copyOf(requests);
    if (maxBodyBytes < 0) {
      throw new IllegalArgumentException("max-body-bytes must not be negative");
    }
  }

  /** Whether anything is declared, so requests with a body must be classified at all. */
  public boolean declaresAny() {
    return !soapOperations.isEmpty()
        || graphqlQueries
        || !jsonRpcMethods.isEmpty()
        || !requests.isEmpty();
  }
}
