package org.watchfloor.server.portal;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/** The portal's HTML, written by Pebble from the templates in {@code portal/templates/}, escaped for HTML. */
final class PortalPages {

  private final PebbleEngine engine;

  PortalPages() {
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix("portal/templates");
    loader.setSuffix(".peb");
    engine = new PebbleEngine.Builder().loader(loader).build();
  }

  String render(String page, Map<String, Object> model) {
    StringWriter html = new StringWriter();
    try {
      engine.getTemplate(page).evaluate(html, model);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render portal page " + page, e);
    }
    return html.toString();
  }
}
