package dev.ficus.compare.lift;

import dev.ficus.compare.exchange.Body;
import dev.ficus.compare.form.FormFormat;
import dev.ficus.compare.html.HtmlFormat;
import dev.ficus.compare.json.JsonFormat;
import dev.ficus.compare.multipart.MultipartFormat;
import dev.ficus.compare.text.TextFormat;
import dev.ficus.compare.xml.XmlFormat;
import java.util.List;

/**
 * Chooses the comparison of a body: by its {@code Content-Type}, or, when it has none, by what it
 * starts with (JSON, HTML, XML). A new format is one more entry here and its own package.
 */
public final class BodyFormats {

  public static final JsonFormat JSON = new JsonFormat();
  public static final XmlFormat XML = new XmlFormat();
  public static final HtmlFormat HTML = new HtmlFormat();
  public static final FormFormat FORM = new FormFormat();
  public static final MultipartFormat MULTIPART = new MultipartFormat();
  public static final TextFormat TEXT = new TextFormat();

  /** In the order asked: the first that accepts a media type compares it. */
  private static final List<BodyFormat<?>> BY_TYPE =
      List.of(JSON, XML, HTML, FORM, MULTIPART, TEXT);

  private BodyFormats() {}

  /** The format of the body, or null when it is compared by length and hash. */
  public static BodyFormat<?> of(Body body) {
    String mediaType = MediaTypes.mediaType(body.contentType());
    if (mediaType.isEmpty()) {
      byte[] bytes = body.bytes();
      if (JsonFormat.sniffs(bytes)) {
        return JSON;
      }
      if (HtmlFormat.sniffs(bytes)) {
        return HTML;
      }
      return XmlFormat.sniffs(bytes) ? XML : null;
    }
    for (BodyFormat<?> format : BY_TYPE) {
      if (format.accepts(mediaType)) {
        return format;
      }
    }
    return null;
  }
}
