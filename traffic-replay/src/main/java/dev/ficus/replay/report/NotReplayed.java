package dev.ficus.replay.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Why exchanges were not replayed, in words: "68 writes (--include-writes replays them)". */
public final class NotReplayed {

  private NotReplayed() {}

  public static String describe(Map<String, Long> byReason) {
    List<String> parts = new ArrayList<>();
    byReason.forEach(
        (reason, count) ->
            parts.add(
                count
                    + " "
                    + switch (reason) {
                      case "route" -> "of other routes (--route)";
                      case "method" -> "of other methods (--method)";
                      case "path" -> "off the --path glob";
                      case "write (use --include-writes)" ->
                          "writes (--include-writes replays them)";
                      default -> reason;
                    }));
    return String.join(", ", parts);
  }
}
