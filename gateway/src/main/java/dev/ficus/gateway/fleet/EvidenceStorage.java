package dev.ficus.gateway.fleet;

import dev.ficus.evidence.Bucket;
import dev.ficus.evidence.EvidenceStore;
import dev.ficus.evidence.EvidenceStoreException;
import dev.ficus.evidence.EvidenceWriter;
import dev.ficus.evidence.FleetEvidence;
import dev.ficus.gateway.observe.EvidenceRegistry;
import dev.ficus.gateway.observe.RouteEvidence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evidence store as the gateway uses it: the writer every route's buckets go through, the fleet
 * view that reads them back, and this replica's name. Off, it writes and reads nothing.
 */
public final class EvidenceStorage implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EvidenceStorage.class);

  private final EvidenceStore store;
  private final EvidenceWriter writer;
  private final FleetEvidence fleet;
  private final String replica;
  private final String instance = java.util.UUID.randomUUID().toString();
  private final Duration retention;

  private EvidenceStorage(
      EvidenceStore store, EvidenceWriter writer, String replica, Duration retention) {
    this.store = store;
    this.writer = writer;
    this.fleet = store == null ? null : new FleetEvidence(store, Clock.systemUTC());
    this.replica = replica;
    this.retention = retention;
  }

  public static EvidenceStorage of(
      EvidenceStore store, EvidenceWriter.Settings settings, Clock clock) {
    return new EvidenceStorage(
        store,
        new EvidenceWriter(store, settings, clock),
        settings.replica(),
        settings.retention());
  }

  /** The store turned off: no buckets, no fleet view. */
  public static EvidenceStorage off() {
    return new EvidenceStorage(null, null, null, null);
  }

  public boolean enabled() {
    return store != null;
  }

  /** Where every route's buckets go; null when off. */
  public EvidenceWriter writer() {
    return writer;
  }

  /** The fleet view over the store; null when off. */
  public FleetEvidence fleet() {
    return fleet;
  }

  /** The store itself: the autopilot's shared state (lease, pause, steps) lives there too. */
  public EvidenceStore store() {
    return store;
  }

  public String replica() {
    return replica;
  }

  /**
   * This start of the replica: a restarted replica keeps its name in the store, and writes as a new
   * instance, never over what it wrote before.
   */
  public String instance() {
    return instance;
  }

  /**
   * Teaches each route what the store says legacy showed of its own noise before this replica
   * started: on a thread of its own, as the store may be slow or down (then it is learned anew).
   */
  public void seedNoise(EvidenceRegistry registry) {
    if (store == null) {
      return;
    }
    Thread seeding =
        new Thread(
            () -> {
              Instant now = Instant.now();
              for (RouteEvidence route : registry.routes()) {
                try {
                  var buckets =
                      store.read(route.route().id(), Bucket.LIVE, now.minus(retention), now);
                  var merged =
                      dev.ficus.compare.analysis.Tally.Snapshot.merge(
                          buckets.stream().map(Bucket::figures).toList(), 1_000);
                  route.seedNoise(merged.learned(), merged.learnedPairs());
                } catch (EvidenceStoreException | RuntimeException e) {
                  log.warn(
                      "Route {}: noise learned before this start could not be read ({}); it is"
                          + " learned anew",
                      route.route().id(),
                      e.getMessage());
                  return;
                }
              }
            },
            "ficus-evidence-seed");
    seeding.setDaemon(true);
    seeding.start();
  }

  /** Writes every bucket recorded so far, then releases the store. */
  @Override
  public void close() {
    if (writer != null) {
      writer.close();
    }
    if (store != null) {
      store.close();
    }
  }

  @Override
  public String toString() {
    return "EvidenceStorage[" + (store == null ? "off" : store.describe() + " as " + replica) + "]";
  }
}
