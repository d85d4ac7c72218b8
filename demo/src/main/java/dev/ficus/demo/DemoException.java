package dev.ficus.demo;

/** The demo cannot go on; the message says which part and why, for the person running it. */
final class DemoException extends Exception {

  DemoException(String message) {
    super(message);
  }
}
