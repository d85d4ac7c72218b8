package dev.ficus.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Pairs of JSON answers like the demo platform's, of a given size: a fleet page of vehicles, where
 * the new side drops one legacy field in one vehicle, changes one value and rounds one fare
 * differently.
 */
final class FleetDocuments {

  private FleetDocuments() {}

  /**
   * Legacy's document of about {@code bytes} bytes, or the new side's with its three differences.
   */
  static byte[] document(int bytes, boolean fresh) {
    int vehicles = Math.max(3, (bytes - 60) / 262);
    StringBuilder json = new StringBuilder(bytes + 512);
    json.append("{\"page\":1,\"generatedBy\":\"fleet\",\"vehicles\":[");
    int i = 0;
    while (i < vehicles) {
      if (i > 0) {
        json.append(',');
      }
      boolean statusChanged = fresh && i == vehicles / 2;
      boolean fareChanged = fresh && i == vehicles - 1;
      json.append(
          String.format(
              Locale.ROOT,
              "{\"id\":\"veh-%04d\",\"vin\":\"5YJ3E1EA%09d\",\"model\":\"%s\",\"battery\":%d,"
                  + "\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"status\":\"%s\",\"fare\":%.2f,"
                  + "\"tags\":[\"ev\",\"city\"]%s}",
              i,
              i * 7919,
              i % 2 == 0 ? "Model 3" : "ID.4",
              40 + i % 60,
              52.52 + i * 0.001,
              13.405 + i * 0.001,
              statusChanged ? "CHARGING" : "AVAILABLE",
              fareChanged ? 12.355 + i : 12.345 + i,
              fresh && i == 0 ? "" : ",\"legacyCode\":\"LC" + i + "\""));
      i++;
    }
    json.append("],\"total\":").append(i).append('}');
    return json.toString().getBytes(StandardCharsets.UTF_8);
  }
}
