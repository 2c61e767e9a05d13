package org.watchfloor.server;

import com.sun.net.httpserver.HttpHandler;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.watchfloor.server.audit.AuditAnchors;
import org.watchfloor.server.audit.BrokerKey;
import org.watchfloor.server.audit.AuditLog;
import org.watchfloor.server.audit.AuditService;
import org.watchfloor.server.auth.AuthInterceptor;
import org.watchfloor.server.auth.SessionService;
import org.watchfloor.server.auth.UserDirectory;
import org.watchfloor.server.camera.CameraDirectory;
import org.watchfloor.server.camera.UpstreamVault;
import org.watchfloor.server.camera.CameraDirectoryService;
import org.watchfloor.server.camera.CameraImport;
import org.watchfloor.server.camera.LayerCatalog;
import org.watchfloor.server.camera.LayerService;
import org.watchfloor.server.consent.ConsentService;
import org.watchfloor.server.consent.EvidenceLocker;
import org.watchfloor.server.consent.FootageDesk;
import org.watchfloor.server.consent.GrantBook;
import org.watchfloor.server.consent.OwnerRegistry;
import org.watchfloor.server.consent.ShareLinks;
import org.watchfloor.server.enrollment.AccessLog;
import org.watchfloor.server.evidence.EvidenceExportService;
import org.watchfloor.server.evidence.EvidenceExports;
import org.watchfloor.server.evidence.PublicKeyPage;
import org.watchfloor.server.enrollment.EnrollmentService;
import org.watchfloor.server.enrollment.LiveConnections;
import org.watchfloor.server.enrollment.OwnerReviews;
import org.watchfloor.server.enrollment.OwnerSelfService;
import org.watchfloor.server.enrollment.RateLimits;
import org.watchfloor.server.enrollment.Registrations;
import org.watchfloor.server.enrollment.ServiceArea;
import org.watchfloor.server.incident.IncidentBoard;
import org.watchfloor.server.incident.IncidentService;
import org.watchfloor.server.mail.Mailer;
import org.watchfloor.server.portal.ClipDownloadHandler;
import org.watchfloor.server.portal.OwnerPortal;
import org.watchfloor.server.portal.PortalAddresses;
import org.watchfloor.server.portal.RegistrationPortal;
import org.watchfloor.server.portal.SharingInvitations;
import org.watchfloor.server.retention.EvidenceHolds;
import org.watchfloor.server.retention.RecordingRetention;
import org.watchfloor.server.retention.RetentionPurge;
import org.watchfloor.server.retention.RetentionService;
import org.watchfloor.server.sim.CameraSimulator;
import org.watchfloor.server.sim.DemoWorld;
import org.watchfloor.server.sim.SimulatedDispatch;
import org.watchfloor.server.change.SharedChanges;
import org.watchfloor.server.store.Collection;
import org.watchfloor.server.store.CommitListener;
import org.watchfloor.server.store.Database;
import org.watchfloor.server.store.Leadership;
import org.watchfloor.server.stream.BrokerStreamLocator;
import org.watchfloor.server.stream.MediaServerAuthHook;
import org.watchfloor.server.stream.StreamBroker;
import org.watchfloor.server.stream.StreamProbe;
import org.watchfloor.server.stream.StreamService;
import org.watchfloor.server.stream.TicketKeys;
import org.watchfloor.server.stream.TicketValidator;
import org.watchfloor.server.transparency.PublicFigureReader;
import org.watchfloor.server.transparency.PublicTrustSettings;
import org.watchfloor.server.transparency.TransparencyPages;

/**
 * The whole broker wired together: database, features and their gRPC services behind the token
 * check, served by a {@link BrokerServer}.
 */
public final class Broker implements AutoCloseable {

  /** Footage-request links are days long; a minute's lag in marking them EXPIRED is harmless (the portal checks expiry itself). */
  private static final Duration FOOTAGE_EXPIRY_SWEEP = Duration.ofMinutes(1);

  /** How often the broker looks whether the day's retention purge and audit anchor are due (each once a day). */
  private static final Duration PURGE_CHECK = Duration.ofMinutes(10);

  /** How often a broker that does not lead tries to; a dead leader is replaced within about this long. */
  private static final Duration LEADERSHIP_RETRY = Duration.ofSeconds(1);

  /** How often a broker reads the change log without a notification: the bound on a change's delay should one be lost. */
  private static final Duration SHARED_CHANGES_POLL = Duration.ofSeconds(1);
  /** How long a stream test waits for a camera to connect and answer. */
  private static final Duration STREAM_TEST_TIMEOUT = Duration.ofSeconds(8);

  private final Database database;
  private final AuditLog audit;
  private final UserDirectory users;
  private final CameraDirectory cameras;
  private final LayerCatalog layers;
  private final OwnerRegistry owners;
  private final IncidentBoard incidents;
  /** Seals the stream addresses the center pulls from (upstream URLs, owners' camera addresses). */
  private final UpstreamVault upstreamVault;
  private final GrantBook grants;
  private final StreamBroker streams;
  private final CameraSimulator simulator;
  /** The demo's simulated CAD and LPR feed; empty without the demo world. */
  private final Optional<SimulatedDispatch> dispatch;
  private final FootageDesk footage;
  private final SharingInvitations invitations;
  private final Registrations registrations;
  private final OwnerSelfService selfService;
  private final LiveConnections liveConnections;
  /** Stops the footage-expiry and registration-retention sweeps. */
  private final Runnable stopSweeps;
  private final BrokerServer server;
  private final PublicTrustSettings publicTrust;
  private final EvidenceHolds holds;
  private final AuditAnchors anchors;
  private final EvidenceExports exports;
  private final RetentionPurge purge;
  /** Which broker of several on one database does the scheduled work. */
  private final Leadership leadership;
  /** Brings other brokers' commits to this broker's watchers; empty on the embedded database (one broker). */
  private final Optional<CommitListener> commits;

  private Broker(ServerSettings settings, Clock clock) throws IOException {
    database =
        settings.jdbcUrl().map(Database::open).orElseGet(() -> Database.openEmbedded(settings.dataDir()));
    try {
      audit = new AuditLog(database, clock);
      users = new UserDirectory(database, audit, clock);
      upstreamVault = UpstreamVault.fromKeyFile(settings.dataDir().resolve(UpstreamVault.KEY_FILE));
      cameras = new CameraDirectory(database, audit, upstreamVault, clock);
      layers = new LayerCatalog(database, audit, cameras, clock);
      owners = new OwnerRegistry(database, audit, clock);
      incidents = new IncidentBoard(database, audit, cameras, clock);
      grants = new GrantBook(database, audit, cameras, incidents::get, clock);
      leadership = Leadership.of(database, LEADERSHIP_RETRY);
      AtomicReference<String> httpBase = new AtomicReference<>();
      AtomicReference<StreamBroker> validator = new AtomicReference<>();
      // The published periods are read after the demo has written its public-trust file.
      AtomicReference<RecordingRetention> recordings = new AtomicReference<>();
      simulator = new CameraSimulator(TicketValidator.deferred(validator::get), clock);
      streams = new StreamBroker(database, audit, cameras, grants,
          new BrokerStreamLocator(httpBase::get, settings.simulate() ? Optional.of(simulator) : Optional.empty()),
          settings.ticketKeysFile().map(TicketKeys::read), leadership::isLeader,
          (cameraId, incidentId, start, end) -> recordings.get().refusal(cameraId, incidentId, start, end), clock);
      validator.set(streams);
      CameraImport cameraImport = new CameraImport(cameras, layers, audit, owners::exists, clock);
      AtomicReference<String> portalBase = new AtomicReference<>();
      PortalAddresses addresses = new PortalAddresses(portalBase::get);
      ShareLinks shareLinks = new ShareLinks(database, clock);
      Mailer mailer = new Mailer(settings.portal().smtp(), settings.portal().mailFrom(), settings.dataDir().resolve("outbox"), clock);
      EvidenceLocker evidence = new EvidenceLocker(settings.dataDir().resolve("evidence"), settings.portal().maxClipBytes());
      footage = new FootageDesk(database, audit, cameras, owners, shareLinks, mailer, addresses::footageRequest, clock);
      invitations = new SharingInvitations(database, audit, shareLinks, owners, addresses, clock);
      ServerSettings.Enrollment enrollment = settings.enrollment();
      RateLimits limits = new RateLimits(enrollment.submissionsPerAddressPerHour(), enrollment.submissionsPerEmailPerHour(), clock);
      OwnerReviews reviews = new OwnerReviews(database, clock);
      registrations = new Registrations(database, audit, cameras, shareLinks, mailer, addresses, limits, enrollment,
          ServiceArea.fromResource(ServiceArea.FAYETTE_COUNTY), reviews, clock);
      liveConnections = new LiveConnections(database, audit, cameras, upstreamVault, reviews, new StreamProbe(STREAM_TEST_TIMEOUT),
          shareLinks, mailer, addresses, clock);
      selfService = new OwnerSelfService(database, audit, cameras, grants, shareLinks, mailer, addresses, limits, liveConnections, clock);
      if (settings.seedDemo()) {
        new DemoWorld(users, cameras, layers, owners, incidents, grants, cameraImport, clock).seedIfEmpty(settings.dataDir());
        if (settings.publicTrustFile().isEmpty()) {
          DemoWorld.writePublicTrustIfAbsent(settings.dataDir());
        }
        dispatch = Optional.of(new SimulatedDispatch(incidents, cameras, clock).start(settings.simulatedDispatch(), leadership::isLeader));
      } else {
        dispatch = Optional.empty();
      }
      publicTrust = PublicTrustSettings.loadIfPresent(settings.publicTrustPath());
      holds = new EvidenceHolds(database, audit, id -> incidents.get(id).isPresent(), id -> cameras.get(id).isPresent(), clock);
      BrokerKey brokerKey = BrokerKey.load(database);
      anchors = new AuditAnchors(database, brokerKey, clock);
      exports = new EvidenceExports(database, audit, cameras, incidents, streams, footage, addresses::clipDownload, brokerKey,
          settings.enrollment().agency(), clock);
      purge = new RetentionPurge(database, audit, footage, evidence, publicTrust.retention(), clock);
      recordings.set(new RecordingRetention(publicTrust.retention(), holds, clock));
      AuthInterceptor authentication = new AuthInterceptor(users);
      List<ServerServiceDefinition> services =
          List.of(
                  new SessionService(users).bindService(),
                  new CameraDirectoryService(cameras, owners::exists).bindService(),
                  new LayerService(layers, cameraImport).bindService(),
                  new ConsentService(owners, grants, footage, addresses::clipDownload).bindService(),
                  new StreamService(streams).bindService(),
                  new IncidentService(incidents).bindService(),
                  new AuditService(audit, anchors).bindService(),
                  new EnrollmentService(registrations, liveConnections).bindService(),
                  new RetentionService(holds, purge).bindService(),
                  new EvidenceExportService(exports).bindService())
              .stream()
              .map(service -> ServerInterceptors.intercept(service, authentication))
              .toList();
      server =
          BrokerServer.start(settings, services, httpRoutes(settings, shareLinks, evidence, clock));
      httpBase.set("http://" + advertisedHost(settings) + ":" + server.httpPort());
      portalBase.set(settings.portal().publicUrl().map(url -> url.replaceAll("/+$", "")).orElse("http://localhost:" + server.httpPort()));
      if (settings.seedDemo()) {
        invitations.writeDemoLinks(settings.dataDir());
      }
      Runnable stopFootageSweep = footage.sweepEvery(FOOTAGE_EXPIRY_SWEEP, leadership::isLeader);
      java.util.concurrent.ScheduledExecutorService registrationSweep =
          java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> new Thread(task, "registration-retention"));
      registrationSweep.scheduleWithFixedDelay(() -> {
        if (leadership.isLeader()) {
          registrations.removeUnconfirmed();
        }
      }, 1, 60, java.util.concurrent.TimeUnit.MINUTES);
      stopSweeps = () -> {
        stopFootageSweep.run();
        BackgroundWork.stop(registrationSweep);
      };
      purge.checkEvery(PURGE_CHECK, leadership::isLeader);
      anchors.publishDailyEvery(PURGE_CHECK, leadership::isLeader);
      SharedChanges shared = new SharedChanges(database, Map.of(Collection.CAMERAS, cameras, Collection.LAYERS, layers,
          Collection.INCIDENTS, incidents, Collection.HOTLIST_HITS, incidents.hotlistHits(), Collection.GRANTS, grants,
          Collection.FOOTAGE_REQUESTS, footage, Collection.OWNER_REVIEWS, liveConnections.reviews()));
      commits = database.shared() ? Optional.of(CommitListener.start(database, shared::publishCommitted, streams::relay, SHARED_CHANGES_POLL)) : Optional.empty();
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  /** What the HTTP port serves: the auth hook, the owner portal, evidence downloads, the transparency pages and, unless off, the simulator. */
  private Map<String, HttpHandler> httpRoutes(ServerSettings settings, ShareLinks shareLinks, EvidenceLocker evidence, Clock clock) {
    Map<String, HttpHandler> routes = new java.util.HashMap<>();
    routes.put(MediaServerAuthHook.PATH, new MediaServerAuthHook(streams));
    RegistrationPortal registration = new RegistrationPortal(database, registrations, selfService, clock);
    AccessLog accessLog = new AccessLog(audit, cameras, footage, settings.enrollment().agency());
    routes.put(PortalAddresses.PORTAL_PATH,
        new OwnerPortal(database, shareLinks, footage, grants, owners, cameras, evidence, selfService, accessLog, registration,
            liveConnections, streams, clock));
    routes.put(PortalAddresses.EVIDENCE_PATH, new ClipDownloadHandler(footage, evidence));
    routes.put(PublicKeyPage.PATH, new PublicKeyPage(exports.key()));
    routes.put(PortalAddresses.REGISTER_PATH, registration);
    PublicFigureReader figures = new PublicFigureReader(database, publicTrust);
    figures.takeInAuditLogInBackground(clock);
    routes.put(TransparencyPages.PATH, new TransparencyPages(figures, publicTrust, anchors, audit, clock));
    if (settings.simulate()) {
      routes.put(CameraSimulator.PATH_PREFIX, simulator.handler());
    }
    return routes;
  }

  /** The host stream URLs name: the bound address, or localhost when bound to every interface. */
  private static String advertisedHost(ServerSettings settings) {
    return settings.bindAddress().equals("0.0.0.0") || settings.bindAddress().equals("::") ? "localhost" : settings.bindAddress();
  }

  public static Broker start(ServerSettings settings) throws IOException {
    return start(settings, Clock.systemUTC());
  }

  /** A broker on {@code clock} (tests move time forward to expire links). */
  public static Broker start(ServerSettings settings, Clock clock) throws IOException {
    return new Broker(settings, clock);
  }

  public BrokerServer server() {
    return server;
  }

  public CameraDirectory cameras() {
    return cameras;
  }

  public UpstreamVault upstreamVault() {
    return upstreamVault;
  }

  public LayerCatalog layers() {
    return layers;
  }

  public IncidentBoard incidents() {
    return incidents;
  }

  /** The demo's simulated CAD and LPR feed, to report one now (tests, demonstrations); empty without the demo world. */
  public Optional<SimulatedDispatch> dispatch() {
    return dispatch;
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

  public GrantBook grants() {
    return grants;
  }

  public StreamBroker streams() {
    return streams;
  }

  public FootageDesk footage() {
    return footage;
  }

  public EvidenceHolds holds() {
    return holds;
  }

  public AuditAnchors anchors() {
    return anchors;
  }

  public RetentionPurge purge() {
    return purge;
  }

  public SharingInvitations invitations() {
    return invitations;
  }

  public LiveConnections liveConnections() {
    return liveConnections;
  }

  public Registrations registrations() {
    return registrations;
  }

  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  /** Whether this broker does the scheduled work now (always, on the embedded database). */
  public boolean leads() {
    return leadership.isLeader();
  }

  @Override
  public void close() {
    commits.ifPresent(CommitListener::close);
    leadership.close();
    dispatch.ifPresent(SimulatedDispatch::close);
    stopSweeps.run();
    purge.close();
    anchors.close();
    streams.close();
    server.close();
    simulator.close();
    database.close();
  }
}
