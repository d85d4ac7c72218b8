package dev.ficus.fleet.services.common;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The platform's errors as RFC 9457 problem details, with stable types. */
public final class Problems {

  public static final URI NOT_FOUND = URI.create("urn:fleet:problem:not-found");
  public static final URI INVALID = URI.create("urn:fleet:problem:invalid-request");

  private Problems() {}

  public static ErrorResponseException notFound(String what, String id) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, what + " " + id + " does not exist");
    problem.setType(NOT_FOUND);
    problem.setTitle("Not found");
    return new ErrorResponseException(HttpStatus.NOT_FOUND, problem, null);
  }

  /** A request the platform refuses, naming the offending field. */
  public static ErrorResponseException invalid(String field, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
    problem.setType(INVALID);
    problem.setTitle("Invalid request");
    problem.setProperty("field", field);
    return new ErrorResponseException(HttpStatus.BAD_REQUEST, problem, null);
  }
}
