package org.watchfloor.server;

import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.audit.AuditService;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.SessionService;
import org.watchfloor.server.auth.UserDirectory;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.CameraDirectoryService;
import org.watchfloor.server.camera.CameraImport;
import org.watchfloor.server.camera.LayerCatalog;
import org.watchfloor.server.camera.LayerService;
import org.watchfloor.server.consent.ConsentService;
import org.watchfloor.server.consent.OwnerRegistry;
import org.watchfloor.server.incident.IncidentBoard;
import org.watchfloor.server.incident.IncidentService;
import org.watchfloor.server.sim.DemoWorld;
import org.watchfloor.server.store.Database;

/**
 * The whole broker wired together: database, features and their gRPC services behind the token
 * check, served by a {@link BrokerServer}.
 */
public final class Broker implements AutoCloseable {

  private final Database database;
  private final AuditLog audit;
  private final UserDirectory users;
  private final CameraDirectory cameras;
  private final LayerCatalog layers;
  private final OwnerRegistry owners;
  private final IncidentBoard incidents;
  private final BrokerServer server;

  private Broker(ServerSettings settings, Clock clock) throws IOException {
    database =
        settings.jdbcUrl().map(Database::open).orElseGet(() -> Database.openEmbedded(settings.dataDir()));
    try {
      audit = new AuditLog(database, clock);
      users = new UserDirectory(database, audit, clock);
      cameras = new CameraDirectory(database, audit, clock);
      layers = new LayerCatalog(database, audit, cameras, clock);
      owners = new OwnerRegistry(database, audit, clock);
      incidents = new IncidentBoard(database, audit, cameras, clock);
      CameraImport cameraImport = new CameraImport(cameras, layers, audit, owners::exists, clock);
      if (settings.seedDemo()) {
        new DemoWorld(users, cameras, layers, owners, incidents, cameraImport, clock).seedIfEmpty(settings.dataDir());
      }
      AuthInterceptor authentication = new AuthInterceptor(users);
      List<ServerServiceDefinition> services =
          List.of(
                  new SessionService(users).bindService(),
                  new CameraDirectoryService(cameras, owners::exists).bindService(),
                  new LayerService(layers, cameraImport).bindService(),
                  new ConsentService(owners).bindService(),
                  new IncidentService(incidents).bindService(),
                  new AuditService(audit).bindService())
              .stream()
              .map(service -> ServerInterceptors.intercept(service, authentication))
              .toList();
      server = BrokerServer.start(settings, services);
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  public static Broker start(ServerSettings settings) throws IOException {
    return new Broker(settings, Clock.systemUTC());
  }

  public BrokerServer server() {
    return server;
  }

  public CameraDirectory cameras() {
    return cameras;
  }

  public LayerCatalog layers() {
    return layers;
  }

  public IncidentBoard incidents() {
    return incidents;
  }

  public UserDirectory users() {
    return users;
  }

  public Database database() {
    return database;
  }

  public AuditLog audit() {
    return audit;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.close();
    database.close();
  }
}
