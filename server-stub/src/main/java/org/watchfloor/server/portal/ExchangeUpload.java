package org.watchfloor.server.portal;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.commons.fileupload2.core.AbstractFileUpload;
import org.apache.commons.fileupload2.core.AbstractRequestContext;
import org.apache.commons.fileupload2.core.DiskFileItem;
import org.apache.commons.fileupload2.core.DiskFileItemFactory;
import org.apache.commons.fileupload2.core.FileItemInputIterator;
import org.apache.commons.fileupload2.core.FileUploadException;

/**
 * Commons FileUpload over the JDK's HTTP server: multipart/form-data parts of an {@link HttpExchange},
 * read as a stream so that a clip goes to disk without being held in memory.
 */
final class ExchangeUpload extends AbstractFileUpload<HttpExchange, DiskFileItem, DiskFileItemFactory> {

  /** The request as FileUpload sees it: its headers and its body. */
  private static final class Context extends AbstractRequestContext<HttpExchange> {

    Context(HttpExchange exchange) {
      super(exchange.getRequestHeaders()::getFirst, () -> -1, exchange);
    }

    @Override
    public String getCharacterEncoding() {
      return null;
    }

    @Override
    public String getContentType() {
      return getRequest().getRequestHeaders().getFirst("Content-Type");
    }

    @Override
    public InputStream getInputStream() {
      return getRequest().getRequestBody();
    }
  }

  ExchangeUpload(long maxRequestBytes) {
    setSizeMax(maxRequestBytes);
    setFileCountMax(4);
  }

  @Override
  public FileItemInputIterator getItemIterator(HttpExchange exchange) throws FileUploadException, IOException {
    return getItemIterator(new Context(exchange));
  }

  @Override
  public Map<String, List<DiskFileItem>> parseParameterMap(HttpExchange exchange) throws FileUploadException {
    return parseParameterMap(new Context(exchange));
  }

  @Override
  public List<DiskFileItem> parseRequest(HttpExchange exchange) throws FileUploadException {
    return parseRequest(new Context(exchange));
  }
}
