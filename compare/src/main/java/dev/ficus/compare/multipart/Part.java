package dev.ficus.compare.multipart;

import dev.ficus.compare.exchange.Body;

/**
 * One part of a multipart body: the name it is compared by (its form field name, its Content-ID, or
 * its position), its type, its file name if any, and its body.
 */
public record Part(String name, String contentType, String filename, Body body) {}
