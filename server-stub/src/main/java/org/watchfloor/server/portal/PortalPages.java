package org.watchfloor.server.portal;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Server-rendered HTML, written by Pebble from the templates in one classpath folder (the owner
 * portal's {@code portal/templates/}, the transparency page's own), escaped for HTML.
 */
public final class PortalPages {

  private final PebbleEngine engine;

  PortalPages() {
    this("portal/templates");
  }

  public PortalPages(String templateFolder) {
    ClasspathLoader loader = new ClasspathLoader();
    loader.setPrefix(templateFolder);
    loader.setSuffix(".peb");
    // Line breaks after tags are kept: the Markdown report is line-structured.
    engine = new PebbleEngine.Builder().loader(loader).newLineTrimming(false).build();
  }

  public String render(String page, Map<String, Object> model) {
    StringWriter html = new StringWriter();
    try {
      engine.getTemplate(page).evaluate(html, model);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot render page " + page, e);
    }
    return html.toString();
  }
}
