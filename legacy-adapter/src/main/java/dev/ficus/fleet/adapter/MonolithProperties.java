package dev.ficus.fleet.adapter;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param url base URL of the monolith's old API, e.g. {@code http://127.0.0.1:8090}
 * @param timeout how long one call to the monolith may take; the client then gets a 504
 */
@ConfigurationProperties("monolith")
public record MonolithProperties(
    @DefaultValue("http://127.0.0.1:8090") URI url, @DefaultValue("2s") Duration timeout) {}
