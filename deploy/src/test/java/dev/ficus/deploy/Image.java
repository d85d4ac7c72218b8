package dev.ficus.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The Dockerfile's instructions of its last stage, and the build stage's extract command. */
record Image(
    List<String> extract,
    List<String[]> copies,
    String workdir,
    String user,
    Map<String, String> env,
    List<String> entrypoint,
    List<String> cmd,
    List<Integer> exposed) {

  static final Path DOCKERFILE = Manifests.ROOT.resolve("Dockerfile");

  static Image read() {
    try {
      String text = Files.readString(DOCKERFILE).replaceAll("\\\\\\n", " ");
      List<String> extract = null;
      List<String[]> copies = new ArrayList<>();
      String workdir = "/";
      String user = null;
      Map<String, String> env = new LinkedHashMap<>();
      List<String> entrypoint = null;
      List<String> cmd = List.of();
      List<Integer> exposed = new ArrayList<>();
      ObjectMapper json = new ObjectMapper();
      for (String raw : text.split("\n")) {
        String line = raw.strip();
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        String instruction = line.split("\\s+", 2)[0];
        String rest = line.substring(instruction.length()).strip();
        switch (instruction) {
          case "FROM" -> {
            copies.clear();
            workdir = "/";
            env.clear();
          }
          case "RUN" -> {
            int at = rest.indexOf("java -Djarmode=tools");
            if (at >= 0) {
              String command = rest.substring(at).split("&&")[0].strip();
              extract = Arrays.asList(command.split("\\s+"));
            }
          }
          case "COPY" -> {
            String[] parts = rest.split("\\s+");
            if (parts[0].startsWith("--from=")) {
              copies.add(new String[] {parts[1], parts[2]});
            }
          }
          case "WORKDIR" -> workdir = rest;
          case "USER" -> user = rest;
          case "ENV" -> {
            String[] pair = rest.split("=", 2);
            env.put(pair[0], pair[1].replaceAll("^\"|\"$", ""));
          }
          case "ENTRYPOINT" -> entrypoint = json.readValue(rest, new TypeReference<>() {});
          case "CMD" -> cmd = json.readValue(rest, new TypeReference<>() {});
          case "EXPOSE" -> exposed.add(Integer.parseInt(rest.split("/")[0]));
          default -> {}
        }
      }
      assertThat(extract).as("the Dockerfile extracts the layered jar").isNotNull();
      assertThat(entrypoint).as("the Dockerfile's ENTRYPOINT").isNotNull();
      return new Image(extract, copies, workdir, user, env, entrypoint, cmd, exposed);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
