package dev.ficus.compare.operation;

/**
 * What a request does, as its route's declared reads tell it: its operation's name (a SOAP
 * operation, a GraphQL operation, a JSON-RPC method, a read request's pattern; null when it has
 * none) and whether it is a read, compared like a GET, or a write.
 */
public record Operation(String name, boolean read) {

  /** A request that is not classified: GET, HEAD, OPTIONS (reads) or a write nothing declared. */
  public static Operation unnamed(boolean read) {
    return new Operation(null, read);
  }
}
