package dev.ficus.compare.operation;

import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.Parser;
import java.util.List;

/**
 * The operation a GraphQL request selects, parsed with graphql-java: the one named by {@code
 * operationName}, or the only one. A document that does not parse, names no operation it holds, or
 * holds several without naming one selects nothing.
 */
final class GraphqlOperation {

  private GraphqlOperation() {}

  /** The selected operation, or null. */
  static OperationDefinition selected(String query, String operationName) {
    Document document;
    try {
      document = Parser.parse(query);
    } catch (RuntimeException e) {
      return null;
    }
    List<OperationDefinition> operations = document.getDefinitionsOfType(OperationDefinition.class);
    if (operationName == null || operationName.isEmpty()) {
      return operations.size() == 1 ? operations.get(0) : null;
    }
    for (OperationDefinition operation : operations) {
      if (operationName.equals(operation.getName())) {
        return operation;
      }
    }
    return null;
  }

  /** The name a selected operation is counted by: its own name, else its kind. */
  static String name(OperationDefinition operation) {
    return operation.getName() != null
        ? operation.getName()
        : operation.getOperation().name().toLowerCase(java.util.Locale.ROOT);
  }
}
