package dev.ficus.gateway.console;

/**
 * What the console is told besides the admin API.
 *
 * @param traceUrl a link to one trace, {@code {traceId}} standing for its id; null for none
 */
public record ConsoleSettings(String traceUrl) {}
