package dev.meshtrace.examples.bookinfo;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ResponseStatus;

/** No book with the requested ID: answered 404. */
@ResponseStatus(HttpStatus.NOT_FOUND)
public final class NotFoundException extends RuntimeException {
  public NotFoundException(int id) {
    super("No product with id " + id);
  }
}
