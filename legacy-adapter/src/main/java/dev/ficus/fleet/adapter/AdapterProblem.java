package dev.ficus.fleet.adapter;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The platform's errors, as the new services give them: RFC 9457 problem details. */
final class AdapterProblem extends ErrorResponseException {

  static final URI NOT_FOUND = URI.create("urn:fleet:problem:not-found");
  static final URI INVALID = URI.create("urn:fleet:problem:invalid-request");
  static final URI MONOLITH = URI.create("urn:fleet:problem:monolith-unavailable");

  private AdapterProblem(HttpStatus status, ProblemDetail problem) {
    super(status, problem, null);
  }

  static AdapterProblem notFound(String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
    problem.setType(NOT_FOUND);
    problem.setTitle("Not found");
    return new AdapterProblem(HttpStatus.NOT_FOUND, problem);
  }

  static AdapterProblem invalid(String field, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setType(INVALID);
    problem.setTitle("Invalid request");
    problem.setProperty("field", field);
    return new AdapterProblem(HttpStatus.BAD_REQUEST, problem);
  }

  static boolean isNotFound(Throwable error) {
    return error instanceof AdapterProblem problem
        && problem.getStatusCode().value() == HttpStatus.NOT_FOUND.value();
  }

  static AdapterProblem upstream(HttpStatus status, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(MONOLITH);
    problem.setTitle("Monolith unavailable");
    return new AdapterProblem(status, problem);
  }
}
