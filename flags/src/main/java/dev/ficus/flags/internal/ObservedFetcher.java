package dev.ficus.flags.internal;

import io.getunleash.event.ClientFeaturesResponse;
import io.getunleash.repository.FeatureFetcher;
import java.util.Optional;

/**
 * Stands between the Unleash client and where its flags come from (a file, a server): checks each
 * new content before the client takes it (a content that is not valid is rejected, the last good
 * flags stay in force), and keeps {@link FlagSourceState} up to date. A failure to read never
 * reaches the client as an error.
 */
public final class ObservedFetcher implements FeatureFetcher {

  private final FeatureFetcher delegate;
  private final FlagSourceState state;
  private final boolean customAllowed;

  /**
   * @param customAllowed whether a strategy the Unleash engine does not know is let through as an
   *     Unleash server's custom strategy (decided as off); false for a file, where it is a typo
   */
  public ObservedFetcher(FeatureFetcher delegate, FlagSourceState state, boolean customAllowed) {
    this.delegate = delegate;
    this.state = state;
    this.customAllowed = customAllowed;
  }

  @Override
  public ClientFeaturesResponse fetchFeatures() {
    ClientFeaturesResponse response;
    try {
      response = delegate.fetchFeatures();
    } catch (RuntimeException e) {
      state.failed(
          dev.ficus.flags.FlagSourceStatus.UNREACHABLE,
          e.getMessage() == null ? e.toString() : rootMessage(e));
      return ClientFeaturesResponse.notChanged();
    }
    switch (response.getStatus()) {
      case NOT_CHANGED -> state.unchanged();
      case UNAVAILABLE -> {
        state.failed(
            dev.ficus.flags.FlagSourceStatus.UNREACHABLE,
            "answered HTTP " + response.getHttpStatusCode());
        return ClientFeaturesResponse.notChanged();
      }
      case CHANGED -> {
        Optional<String> content = response.getClientFeatures();
        if (content.isEmpty()) {
          state.unchanged();
          return response;
        }
        Optional<String> problem = FlagsFileFetcher.problemWith(content.get(), customAllowed);
        if (problem.isPresent()) {
          state.failed(dev.ficus.flags.FlagSourceStatus.REJECTED, problem.get());
          return ClientFeaturesResponse.notChanged();
        }
        state.accepted(content.get(), FlagDocuments.definitions(content.get()));
      }
    }
    return response;
  }

  private static String rootMessage(Throwable error) {
    Throwable root = error;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root == error
        ? String.valueOf(error.getMessage())
        : error.getMessage()
            + " ("
            + root.getClass().getSimpleName()
            + ": "
            + root.getMessage()
            + ")";
  }

  @Override
  public String toString() {
    return "ObservedFetcher[" + delegate + "]";
  }
}
