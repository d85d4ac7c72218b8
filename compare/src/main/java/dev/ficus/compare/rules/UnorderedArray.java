package dev.ficus.compare.rules;

/**
 * The array at {@code path} is compared without regard to order; elements are paired by the value
 * of their {@code key} field when one is given, else by equality.
 */
public record UnorderedArray(PointerPattern path, String key) {

  public UnorderedArray {
    key = key == null || key.isBlank() ? null : key;
  }
}
