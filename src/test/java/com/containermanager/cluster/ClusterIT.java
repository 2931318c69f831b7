package com.containermanager.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.containermanager.runtime.ContainerLabels;
import com.containermanager.support.ApiClient;
import com.containermanager.support.EngineFixture;
import com.containermanager.support.IntegrationTest;
import com.containermanager.support.ServiceProcess;
import com.containermanager.support.SseClient;
import com.github.dockerjava.api.model.Event;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Three instances of the service (three processes, run from the built jar) on one PostgreSQL and one engine, with
 * one storage folder: every guarantee of a single instance, proven across them. Engine calls are counted from the
 * engine's own event stream. Tests that kill an instance start it again afterwards.
 */
class ClusterIT {

    private static final Path DIR = Path.of("target", "it-runs", IntegrationTest.RUN_ID, "cluster-" + shortId())
            .toAbsolutePath();
    private static final String IMAGE = IntegrationTest.TEST_IMAGE;
    private static final int FREE_FAILURES = 5;
    private static final int STREAMS_PER_USER = 2;

    private static EmbeddedPostgres postgres;
    private static JdbcClient jdbc;
    private static final List<ServiceProcess> instances = new ArrayList<>();

    @BeforeAll
    static void startCluster() throws IOException {
        Files.createDirectories(DIR);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(DIR.resolve("postgres"))
                .setCleanDataDirectory(true)
                .start();
        jdbc = JdbcClient.create(postgres.getPostgresDatabase());
        for (String name : List.of("a", "b", "c")) {
            instances.add(ServiceProcess.start(name, DIR.resolve(name), settings()));
        }
        instances.forEach(ServiceProcess::awaitReady);
    }

    /** What every instance shares (the database, the storage folder, the engine) and the tests' small settings. */
    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("db.host", "127.0.0.1");
        settings.put("db.port", Integer.toString(postgres.getPort()));
        settings.put("db.user", "postgres");
        settings.put("cm.storage.base-path", DIR.resolve("storage").toString());
        settings.put("cm.storage.quota", "10MB");
        settings.put("cm.docker.labels[" + IntegrationTest.TEST_LABEL + "]", IntegrationTest.RUN_ID);
        settings.put("cm.auth.throttle.free-failures", Integer.toString(FREE_FAILURES));
        settings.put("cm.jobs.lease", "3s");
        // One user submits a batch of jobs at once; the per-user limits are tested elsewhere.
        settings.put("cm.limits.unfinished-jobs", "0");
        settings.put("cm.limits.creations-per-minute", "0");
        settings.put("cm.limits.operations-per-minute", "0");
        settings.put("cm.limits.requests-per-second", "0");
        settings.put("cm.jobs.idle-poll", "300ms");
        settings.put("cm.events.max-streams-per-user", Integer.toString(STREAMS_PER_USER));
        return settings;
    }

    @AfterAll
    static void stopCluster() throws IOException {
        instances.forEach(ServiceProcess::close);
        EngineFixture.removeLabelled(IntegrationTest.TEST_LABEL, IntegrationTest.RUN_ID);
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void everyInstanceRuns() {
        for (ServiceProcess instance : instances) {
            if (!instance.isAlive()) {
                instance.restart();
                instance.awaitReady();
            }
        }
    }

    @AfterEach
    void removeContainers() {
        EngineFixture.removeLabelled(IntegrationTest.TEST_LABEL, IntegrationTest.RUN_ID);
    }

    @Test
    void shouldAcceptATokenFromOneInstanceAtEveryOther() {
        ApiClient.Session user = a().newUser("token");

        for (ServiceProcess instance : instances) {
            assertThat(instance.api().get("/containers", user.token()).status())
                    .as("token issued by a, used at " + instance.name())
                    .isEqualTo(200);
        }
        assertThat(jdbc.sql("select count(*) from shared_secrets")
                        .query(Long.class)
                        .single())
                .as("one secret, stored by the first instance")
                .isEqualTo(1);
    }

    @Test
    void shouldStopASuspendedUsersTokensOnEveryInstanceWithinASecond() {
        ApiClient.Session admin = admin();
        ApiClient.Session user = b().newUser("suspended");
        String token = c().post(
                        "/users/me/tokens",
                        ApiClient.json(Map.of("name", "ci", "scopes", List.of("containers:read"))),
                        user.token())
                .json()
                .get("token")
                .asString();
        for (ServiceProcess instance : instances) {
            // Every instance has the account in its cache, active: the suspension must reach the caches.
            assertThat(instance.api().get("/containers", user.token()).status()).isEqualTo(200);
            assertThat(instance.api().get("/containers", token).status()).isEqualTo(200);
        }

        ApiClient.Response suspended = a().send(a().request("/admin/users/" + user.userId(), admin.token())
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"suspended\": true}")));
        Instant answered = Instant.now();
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    for (ServiceProcess instance : instances) {
                        assertThat(instance.api()
                                        .get("/containers", user.token())
                                        .status())
                                .as("login token at " + instance.name())
                                .isEqualTo(401);
                        assertThat(instance.api().get("/containers", token).status())
                                .as("personal token at " + instance.name())
                                .isEqualTo(401);
                    }
                });
        System.out.printf(
                "ClusterIT: a suspension held on all three instances %d ms after its answer%n",
                Duration.between(answered, Instant.now()).toMillis());
    }

    @Test
    void shouldStopARevokedPersonalTokenOnEveryInstance() {
        ApiClient.Session user = a().newUser("revoke");
        JsonNode made = a().post(
                        "/users/me/tokens",
                        ApiClient.json(Map.of("name", "ci", "scopes", List.of("containers:read"))),
                        user.token())
                .json();
        String token = made.get("token").asString();
        for (ServiceProcess instance : instances) {
            assertThat(instance.api().get("/containers", token).status()).isEqualTo(200);
        }

        assertThat(b().delete("/users/me/tokens/" + made.get("id").asString(), user.token())
                        .status())
                .isEqualTo(204);

        await().atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(20))
                .untilAsserted(() -> {
                    for (ServiceProcess instance : instances) {
                        assertThat(instance.api().get("/containers", token).status())
                                .as("revoked token at " + instance.name())
                                .isEqualTo(401);
                    }
                });
    }

    /** Two containers' worth: of running containers, or of CPUs (every container has the default 1 CPU). */
    @ParameterizedTest
    @CsvSource({"running_containers, 2, 2", "running_cpus, 2000, 2"})
    void shouldHoldAGroupsBudgetWhenItsMembersStartAtOnceOnThreeInstances(String kind, long value, String shown)
            throws Exception {
        ApiClient.Session admin = admin();
        int budget = 2;
        String name = "cluster-team-" + admin.userId();
        String group = a().post(
                        "/admin/groups",
                        ApiClient.json(Map.of("name", name, "budgets", Map.of(kind, value))),
                        admin.token())
                .json()
                .get("id")
                .asString();
        List<ApiClient.Session> owners = new ArrayList<>();
        List<String> containers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ApiClient.Session member = a().newUser("member");
            assertThat(a().send(a().request("/admin/groups/" + group + "/members/" + member.userId(), admin.token())
                                    .PUT(HttpRequest.BodyPublishers.noBody()))
                            .status())
                    .isEqualTo(204);
            for (int c = 0; c < 2; c++) {
                containers.add(createdContainer(member));
                owners.add(member);
            }
        }
        Instant since = Instant.now();

        List<Integer> statuses = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiClient.Response>> starts = new ArrayList<>();
            for (int i = 0; i < containers.size(); i++) {
                ApiClient api = instances.get(i % 3).api();
                String id = containers.get(i);
                String token = owners.get(i).token();
                starts.add(clients.submit(() -> api.patch("/containers/" + id + "/start", token)));
            }
            for (Future<ApiClient.Response> start : starts) {
                ApiClient.Response answer = start.get();
                statuses.add(answer.status());
                if (answer.status() == 403) {
                    refusals.add(answer.error());
                }
            }
        }
        long started = 0;
        for (String id : containers) {
            started += EngineFixture.count(EngineFixture.events(id, since, Instant.now()), "start");
        }
        assertThat(statuses).filteredOn(status -> status == 200).hasSize(budget);
        assertThat(refusals)
                .hasSize(containers.size() - budget)
                .containsOnly("limit reached: " + kind + " of group " + name + " (" + shown + ")");
        assertThat(started).as("starts the engine reported").isEqualTo(budget);
    }

    @Test
    void shouldJoinNineConcurrentStopsSpreadOverThreeInstancesIntoOneEngineStop() throws Exception {
        ApiClient.Session user = a().newUser("stops");
        String id = runningContainer(user);
        double joinedBefore = total("stop", "joined");
        double executedBefore = total("stop", "executed");
        Instant since = Instant.now();

        List<Integer> statuses = new ArrayList<>();
        List<Instant> answered = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Map.Entry<Integer, Instant>>> stops = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                ApiClient api = instances.get(i % 3).api();
                stops.add(clients.submit(() -> Map.entry(
                        api.patch("/containers/" + id + "/stop?timeout=3", user.token())
                                .status(),
                        Instant.now())));
            }
            for (Future<Map.Entry<Integer, Instant>> stop : stops) {
                statuses.add(stop.get().getKey());
                answered.add(stop.get().getValue());
            }
        }
        List<Event> events = EngineFixture.events(id, since, Instant.now());
        // Reported, not asserted (this machine is shared): how long after the engine's stop the last answer came.
        events.stream()
                .filter(event -> "stop".equals(event.getAction()) && event.getTimeNano() != null)
                .findFirst()
                .ifPresent(stop -> System.out.printf(
                        "ClusterIT: the last of 9 answers came %d ms after the engine's stop event%n",
                        Duration.between(
                                        Instant.ofEpochSecond(0, stop.getTimeNano()),
                                        answered.stream()
                                                .max(Instant::compareTo)
                                                .orElseThrow())
                                .toMillis()));

        assertThat(statuses)
                .as("every request got the one outcome")
                .containsOnly(200)
                .hasSize(9);
        assertThat(EngineFixture.count(events, "stop"))
                .as("stops the engine reported: " + actions(events))
                .isEqualTo(1);
        assertThat(total("stop", "executed") - executedBefore).isEqualTo(1);
        assertThat(total("stop", "joined") - joinedBefore).isEqualTo(8);
        assertThat(state(id)).isEqualTo("exited");
    }

    @Test
    void shouldRefuseAStartAndADeleteOnOtherInstancesWhileAStopIsInFlight() throws Exception {
        ApiClient.Session user = a().newUser("conflict");
        String id = runningContainer(user);
        Instant since = Instant.now();

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<ApiClient.Response> stop =
                    // A grace period long enough for the two requests below on a loaded machine.
                    clients.submit(() -> a().patch("/containers/" + id + "/stop?timeout=10", user.token()));
            awaitEngineAction(id, since, "kill");

            ApiClient.Response start = b().patch("/containers/" + id + "/start", user.token());
            ApiClient.Response delete = c().delete("/containers/" + id, user.token());

            assertThat(start.status()).isEqualTo(409);
            assertThat(start.error()).isEqualTo("conflict container operation");
            assertThat(delete.status()).isEqualTo(409);
            assertThat(delete.error()).isEqualTo("conflict container operation");
            assertThat(stop.get().status()).isEqualTo(200);
        }
        List<Event> events = EngineFixture.events(id, since, Instant.now());
        assertThat(EngineFixture.count(events, "start")).as(actions(events)).isZero();
        assertThat(EngineFixture.count(events, "destroy")).as(actions(events)).isZero();
        assertThat(state(id)).isEqualTo("exited");
    }

    @Test
    void shouldEndTheHoldOfAnInstanceKilledWhileItHoldsAnOperation() throws Exception {
        ApiClient.Session user = a().newUser("holder");
        String id = runningContainer(user);
        Instant since = Instant.now();
        double joinedAtB = counter(instances.get(1).management(), "stop", "joined");

        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            // The grace period keeps a's stop in flight; the one joined at b asks for a short one if it must rerun.
            clients.submit(() -> a().patch("/containers/" + id + "/stop?timeout=60", user.token()));
            awaitEngineAction(id, since, "kill");
            Future<ApiClient.Response> joined =
                    clients.submit(() -> b().patch("/containers/" + id + "/stop?timeout=1", user.token()));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> counter(instances.get(1).management(), "stop", "joined") == joinedAtB + 1);

            instances.getFirst().kill();

            assertThat(joined.get().status())
                    .as("the request joined at b is answered after its holder died")
                    .isEqualTo(200);
        }
        ApiClient.Response delete = c().delete("/containers/" + id, user.token());
        assertThat(delete.status())
                .as("no container stays locked: " + delete.body())
                .isEqualTo(200);
        assertThat(EngineFixture.docker()
                        .listContainersCmd()
                        .withShowAll(true)
                        .withIdFilter(List.of(id))
                        .exec())
                .as("removed at the engine")
                .isEmpty();
        assertThat(jdbc.sql("select count(*) from container_operations where container_id = :id")
                        .param("id", id)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void shouldFinishEveryJobExactlyOnceWhenAnInstanceIsKilledWhileJobsRun() throws Exception {
        ApiClient.Session user = a().newUser("jobs");
        // Copying a file into each container keeps jobs running long enough to be caught in flight.
        assertThat(a().upload(user.token(), "payload.bin", new byte[6 * 1024 * 1024])
                        .status())
                .isEqualTo(200);
        List<String> jobIds = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ApiClient.Response submitted = instances
                    .get(i % 3)
                    .api()
                    .post(
                            "/containers",
                            ApiClient.json(
                                    Map.of("image", IMAGE, "cmd", List.of("true"), "files", List.of("payload.bin"))),
                            user.token());
            assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
            jobIds.add(submitted.json().get("job_id").asString());
        }
        ServiceProcess victim = instances.get(2);
        String leasePrefix = victim.pid() + "@%";
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> runningJobsOf(leasePrefix) > 1);

        victim.kill();
        long orphaned = runningJobsOf(leasePrefix);

        for (String jobId : jobIds) {
            JsonNode job = awaitJob(a(), user, jobId);
            assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
            assertThat(EngineFixture.containersLabelled(ContainerLabels.JOB, jobId))
                    .as("containers of job " + jobId)
                    .hasSize(1)
                    .containsExactly(job.get("result").get("container_id").asString());
            assertThat(jdbc.sql("select count(*) from containers where job_id = :job")
                            .param("job", UUID.fromString(jobId))
                            .query(Long.class)
                            .single())
                    .as("ownership rows of job " + jobId)
                    .isEqualTo(1);
        }
        assertThat(orphaned).as("the killed instance held jobs when it died").isPositive();
        assertThat(jdbc.sql("select count(*) from jobs where owner_id = :owner and attempts > 1")
                        .param("owner", Long.parseLong(user.userId()))
                        .query(Long.class)
                        .single())
                .as("its jobs were taken over by the others")
                .isGreaterThanOrEqualTo(orphaned);
        assertThat(EngineFixture.containersLabelled(Map.of(
                        ContainerLabels.OWNER, user.userId(), IntegrationTest.TEST_LABEL, IntegrationTest.RUN_ID)))
                .as("one container per job, no more")
                .hasSize(jobIds.size());
    }

    @Test
    void shouldRemoveOnlyStaleTemporaryUploadsFromTheSharedStorageOnStartUp() throws IOException {
        ServiceProcess restarted = instances.get(1);
        restarted.stop();
        // The sessions left are the other two instances': they are alive while b starts again.
        List<String> live = await().atMost(Duration.ofSeconds(10))
                .until(
                        () -> jdbc.sql("select substr(application_name, 27) from pg_stat_activity "
                                        + "where application_name like 'container-manager cluster %'")
                                .query(String.class)
                                .list(),
                        sessions -> sessions.size() == 2);
        Path folder = Files.createDirectories(DIR.resolve("storage").resolve("999999"));
        Path beingWritten =
                Files.writeString(folder.resolve(".upload-" + live.getFirst() + "-" + UUID.randomUUID()), "x");
        Path ofGoneInstance = Files.writeString(folder.resolve(".upload-4fffffffffffff01-" + UUID.randomUUID()), "x");

        restarted.restart();
        restarted.awaitReady();

        assertThat(beingWritten).as("another live instance's upload").exists();
        assertThat(ofGoneInstance).doesNotExist();
    }

    @Test
    void shouldCountFailedLoginsAtEveryInstanceTogether() {
        ApiClient.Session user = a().newUser("throttle");
        String wrong = ApiClient.json(Map.of("username", user.username(), "password", "wrong-password"));

        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < FREE_FAILURES + 3; i++) {
            statuses.add(
                    instances.get(i % 3).api().post("/users/login", wrong, null).status());
        }

        assertThat(statuses.subList(0, FREE_FAILURES))
                .as("round-robin: " + statuses)
                .containsOnly(401);
        assertThat(statuses.subList(FREE_FAILURES, statuses.size()))
                .as("round-robin: " + statuses)
                .containsOnly(429);
    }

    @Test
    void shouldNotLetConcurrentUploadsOnThreeInstancesJointlyPassTheQuota() throws Exception {
        ApiClient.Session user = a().newUser("quota");
        byte[] sixMegabytes = new byte[6 * 1024 * 1024];

        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ApiClient.Response>> uploads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ApiClient api = instances.get(i).api();
                String name = "part-" + i + ".bin";
                uploads.add(clients.submit(() -> api.upload(user.token(), name, sixMegabytes)));
            }
            for (Future<ApiClient.Response> upload : uploads) {
                statuses.add(upload.get().status());
            }
        }

        assertThat(statuses).as("10 MB quota, 3 x 6 MB").containsExactlyInAnyOrder(200, 413, 413);
        assertThat(storedBytes(user)).isLessThanOrEqualTo(10L * 1024 * 1024);
    }

    /** A user's streams count at every instance together; a killed instance's come free with its session. */
    @Test
    void shouldHoldAUsersStreamLimitAcrossInstancesAndFreeAKilledInstancesStreams() throws Exception {
        ApiClient.Session user = a().newUser("streams");
        try (SseClient atA = new SseClient(a().request("/events", user.token()).GET());
                SseClient atB =
                        new SseClient(b().request("/events", user.token()).GET())) {
            assertThat(atA.status()).isEqualTo(200);
            assertThat(atB.status()).isEqualTo(200);
            ApiClient.Response refused = c().get("/events", user.token());
            assertThat(refused.status()).as(refused.body()).isEqualTo(429);
            assertThat(refused.error()).isEqualTo("limit reached: event_streams (" + STREAMS_PER_USER + ")");

            instances.get(1).kill();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                try (SseClient atC =
                        new SseClient(c().request("/events", user.token()).GET())) {
                    return atC.status() == 200;
                }
            });
        }
    }

    private static ApiClient a() {
        return instances.get(0).api();
    }

    private static ApiClient b() {
        return instances.get(1).api();
    }

    private static ApiClient c() {
        return instances.get(2).api();
    }

    /** Created through the cluster (whichever instance's worker takes the job), then started. */
    /** An admin, made as make user ADMIN=1 makes one: the role set in the database, every instance told. */
    private static ApiClient.Session admin() {
        ApiClient.Session admin = a().newUser("admin");
        jdbc.sql("update users set role = 'admin' where id = cast(:id as bigint)")
                .param("id", admin.userId())
                .update();
        jdbc.sql("select pg_notify('account_changed', :id)")
                .param("id", admin.userId())
                .query((rs, n) -> 1)
                .single();
        return admin;
    }

    private String createdContainer(ApiClient.Session user) {
        ApiClient.Response submitted = b().post(
                        "/containers",
                        ApiClient.json(Map.of("image", IMAGE, "cmd", List.of("sleep", "3600"))),
                        user.token());
        assertThat(submitted.status()).as(submitted.body()).isEqualTo(200);
        JsonNode job = awaitJob(c(), user, submitted.json().get("job_id").asString());
        assertThat(job.get("status").asString()).as(job.toString()).isEqualTo("completed");
        return job.get("result").get("container_id").asString();
    }

    private String runningContainer(ApiClient.Session user) {
        String id = createdContainer(user);
        assertThat(c().patch("/containers/" + id + "/start", user.token()).status())
                .isEqualTo(200);
        return id;
    }

    private static JsonNode awaitJob(ApiClient api, ApiClient.Session user, String jobId) {
        return await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> api.get("/jobs/" + jobId, user.token()).json(), job -> {
                    String status = job.get("status").asString();
                    return status.equals("completed") || status.equals("failed");
                });
    }

    private static void awaitEngineAction(String id, Instant since, String action) {
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> EngineFixture.count(EngineFixture.events(id, since, Instant.now()), action) > 0);
    }

    private static String state(String id) {
        return EngineFixture.docker().inspectContainerCmd(id).exec().getState().getStatus();
    }

    private static long runningJobsOf(String leasePrefix) {
        return jdbc.sql("select count(*) from jobs where status = 'running' and lease_owner like :prefix")
                .param("prefix", leasePrefix)
                .query(Long.class)
                .single();
    }

    /** One lifecycle counter summed over the instances that run now. */
    private static double total(String operation, String outcome) {
        return instances.stream()
                .filter(ServiceProcess::isAlive)
                .mapToDouble(instance -> counter(instance.management(), operation, outcome))
                .sum();
    }

    private static double counter(ApiClient api, String operation, String outcome) {
        String metrics = api.get("/actuator/prometheus", null).body();
        Matcher value = Pattern.compile("cm_container_lifecycle_requests_total\\{operation=\"" + operation
                        + "\",outcome=\"" + outcome + "\"} ([0-9.E]+)")
                .matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : 0;
    }

    private static String actions(List<Event> events) {
        return events.stream().map(Event::getAction).toList().toString();
    }

    private static long storedBytes(ApiClient.Session user) throws IOException {
        Path folder = DIR.resolve("storage").resolve(user.userId());
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
    }

    private static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
