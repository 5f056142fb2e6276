using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Dashboard;

/// <summary>The dashboard's JSON API on a cluster in one process: what it shows, and that it shows it quickly.</summary>
public sealed class DashboardApiTests
{
    [Fact]
    public async Task TheClusterShowsEveryMachineTheRanksAndADeathThenARebirthWithTheirTimes()
    {
        await using var dash = await DashboardCluster.StartAsync();
        await dash.AddUsersAsync("alice", "bob");

        var cluster = await dash.WaitForJsonAsync("MD2", "/api/cluster", c => Machines(c).All(m => m.GetProperty("reachable").GetBoolean()), "every machine answering");
        Assert.Equal("MD1", cluster.GetProperty("master").GetString());
        Assert.Equal("MD2", cluster.GetProperty("lieutenant").GetString());
        var epoch = cluster.GetProperty("epoch").GetInt64();
        Assert.Equal(["MD1", "MD2", "MD3"], Machines(cluster).Select(m => m.GetProperty("name").GetString()));
        Assert.All(Machines(cluster), m =>
        {
            Assert.Equal("up", m.GetProperty("state").GetString());
            Assert.True(m.GetProperty("uptimeSeconds").GetDouble() > 0);
        });
        Assert.True(Machine(cluster, "MD1").GetProperty("isMaster").GetBoolean());
        Assert.True(Machine(cluster, "MD2").GetProperty("isLieutenant").GetBoolean());

        await dash.Cluster.KillSiloAsync("MD3");
        var killedAt = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        cluster = await dash.WaitForJsonAsync("MD1", "/api/cluster", c => Machine(c, "MD3").GetProperty("state").GetString() == "dead", "MD3 shown dead");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"MD3 shown dead after {clock.Elapsed}");
        var dead = Machine(cluster, "MD3");
        Assert.False(dead.GetProperty("reachable").GetBoolean());
        var deadSince = dead.GetProperty("deadSince").GetDateTimeOffset();
        Assert.InRange(deadSince, killedAt, DateTimeOffset.UtcNow);
        Assert.False(await LoopbackPorts.IsListeningAsync(dash.Port("MD3")), "a killed machine's dashboard port still accepts connections");

        // Letters for the dead machine wait on its catch-up list, which the protocol section shows.
        var alice = await dash.LoginAsync("alice", "MD1");
        for (var i = 0; i < 4; i++)
        {
            await dash.Server("MD1").Send(alice, new SendRequest(["bob"], $"while MD3 is dead {i}", "body", $"dead-{i}"));
        }

        var protocol = await dash.WaitForJsonAsync("MD1", "/api/protocol", p => CatchUp(p, "MD3") is { } c && c.GetProperty("pending").GetInt32() == 4, "four deliveries on MD3's catch-up list");
        Assert.False(CatchUp(protocol, "MD3")!.Value.GetProperty("catchingUp").GetBoolean());
        var died = Events(protocol).First(e => e.GetProperty("kind").GetString() == "machineDied" && e.GetProperty("subject").GetString() == "MD3");
        Assert.Equal("Master MD1", died.GetProperty("recordedBy").GetString());
        Assert.InRange(died.GetProperty("time").GetDateTimeOffset(), killedAt, DateTimeOffset.UtcNow);

        await dash.Cluster.StartSiloAsync("MD3");
        protocol = await dash.WaitForJsonAsync(
            "MD1",
            "/api/protocol",
            p => Events(p).Any(e => e.GetProperty("kind").GetString() == "machineBack" && e.GetProperty("subject").GetString() == "MD3"),
            "MD3 caught up and back");
        var catchUp = Events(protocol).First(e => e.GetProperty("kind").GetString() == "catchUpStarted" && e.GetProperty("subject").GetString() == "MD3");
        Assert.Equal(4, catchUp.GetProperty("count").GetInt64());
        Assert.Empty(protocol.GetProperty("catchUp").EnumerateArray());

        cluster = await dash.WaitForJsonAsync("MD3", "/api/cluster", c => Machines(c).All(m => m.GetProperty("state").GetString() == "up" && m.GetProperty("reachable").GetBoolean()), "every machine up again, seen from MD3");
        Assert.Equal(epoch, cluster.GetProperty("epoch").GetInt64());
        Assert.True(Machine(cluster, "MD3").GetProperty("uptimeSeconds").GetDouble() < clock.Elapsed.TotalSeconds, "MD3's uptime did not start again at its restart");
    }

    [Fact]
    public async Task AReturningMachineIsShownCatchingUpWithHowMuchOfItsListIsDone()
    {
        // A slow link from the Master to MD3 makes its catch-up last long enough to watch; pulses still get through.
        await using var dash = await DashboardCluster.StartAsync(protocol: p => p["noPulseTimeoutMs"] = 5000);
        await dash.AddUsersAsync("alice", "bob");
        await dash.Cluster.KillSiloAsync("MD3");
        await dash.WaitForJsonAsync("MD1", "/api/cluster", c => Machine(c, "MD3").GetProperty("state").GetString() == "dead", "MD3 dead");
        var alice = await dash.LoginAsync("alice", "MD1");
        for (var i = 0; i < 6; i++)
        {
            await dash.Server("MD1").Send(alice, new SendRequest(["bob"], $"for the catch-up {i}", "body", $"c-{i}"));
        }

        await dash.WaitForJsonAsync("MD1", "/api/protocol", p => CatchUp(p, "MD3")?.GetProperty("pending").GetInt32() == 6, "six deliveries waiting for MD3");
        dash.Cluster.Network.Delay("MD1", "MD3", TimeSpan.FromSeconds(2));
        await dash.Cluster.StartSiloAsync("MD3");

        var protocol = await dash.WaitForJsonAsync("MD2", "/api/protocol", p => CatchUp(p, "MD3")?.GetProperty("catchingUp").GetBoolean() == true, "MD3 catching up");
        var catchUp = CatchUp(protocol, "MD3")!.Value;
        Assert.Equal(6, catchUp.GetProperty("startedWith").GetInt64());
        Assert.InRange(catchUp.GetProperty("pending").GetInt32(), 0, 6);
        Assert.InRange(catchUp.GetProperty("progress").GetDouble(), 0, 1);
        Assert.Equal("catching-up", Machine(await dash.GetJsonAsync("MD2", "/api/cluster"), "MD3").GetProperty("state").GetString());

        dash.Cluster.Network.Heal();
        protocol = await dash.WaitForJsonAsync("MD2", "/api/protocol", p => CatchUp(p, "MD3") is null, "MD3 caught up");
        Assert.Contains(Events(protocol), e => e.GetProperty("kind").GetString() == "machineBack" && e.GetProperty("subject").GetString() == "MD3");
    }

    [Fact]
    public async Task ATakeoverShowsTheNewMasterItsEpochAndTheEventOnTheSurvivorsDashboards()
    {
        await using var dash = await DashboardCluster.StartAsync();
        var before = (await dash.GetJsonAsync("MD2", "/api/cluster")).GetProperty("epoch").GetInt64();

        await dash.Cluster.KillSiloAsync("MD1");
        // MD2 is shown Master from the grant of mastership on, a moment before its takeover has appointed a Lieutenant.
        var cluster = await dash.WaitForJsonAsync(
            "MD3",
            "/api/cluster",
            c => c.GetProperty("master").GetString() == "MD2" && c.GetProperty("lieutenant").GetString() is not null,
            "MD2 shown as Master with a Lieutenant",
            TimeSpan.FromSeconds(30));
        Assert.True(cluster.GetProperty("epoch").GetInt64() > before);
        Assert.Equal("MD3", cluster.GetProperty("lieutenant").GetString());
        Assert.Equal("dead", Machine(cluster, "MD1").GetProperty("state").GetString());

        var protocol = await dash.GetJsonAsync("MD2", "/api/protocol");
        var tookOver = Events(protocol).First(e => e.GetProperty("kind").GetString() == "tookOver");
        Assert.Equal("MD2", tookOver.GetProperty("subject").GetString());
        Assert.Equal("Master MD2", tookOver.GetProperty("recordedBy").GetString());
        Assert.Contains("from MD1", tookOver.GetProperty("text").GetString());
        Assert.Contains(Events(protocol), e => e.GetProperty("kind").GetString() == "lieutenantAppointed" && e.GetProperty("subject").GetString() == "MD3");

        // The administrators' change of master back to MD1 once it is back is an event too.
        await dash.Cluster.StartSiloAsync("MD1");
        await dash.WaitForJsonAsync("MD2", "/api/cluster", c => Machine(c, "MD1").GetProperty("state").GetString() == "up", "MD1 back");
        await dash.Server("MD2").ChangeMaster(await dash.AdminTokenAsync("MD2"), "MD1");
        cluster = await dash.WaitForJsonAsync("MD3", "/api/cluster", c => c.GetProperty("master").GetString() == "MD1", "MD1 Master again");
        protocol = await dash.GetJsonAsync("MD3", "/api/protocol");
        Assert.Contains(Events(protocol), e => e.GetProperty("kind").GetString() == "handedOver" && e.GetProperty("subject").GetString() == "MD1" && e.GetProperty("recordedBy").GetString() == "Master MD2");
        Assert.Contains(Events(protocol), e => e.GetProperty("kind").GetString() == "tookOver" && e.GetProperty("recordedBy").GetString() == "Master MD1"
                                                && e.GetProperty("text").GetString()!.Contains("change of master", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheOrleansDashboardOnAnyMachineCountsEveryMachinesGrains()
    {
        await using var dash = await DashboardCluster.StartAsync();
        await dash.AddUsersAsync("alice", "bob");
        var alice = await dash.LoginAsync("alice", "MD2");
        for (var i = 0; i < 5; i++)
        {
            await dash.Server("MD2").Send(alice, new SendRequest(["bob"], $"hello {i}", "body", $"g-{i}"));
        }

        await dash.QuietAsync();

        // The grain figures are Orleans's now: its dashboard, mapped at /orleans/ on MD3's port, sees all three silos,
        // the Master's one activation on MD1 and a Replica on every machine.
        var counters = await dash.WaitForJsonAsync(
            "MD3",
            "/orleans/DashboardCounters",
            c => Activations(c, "ReplicaGrain").Sum(a => a.Count) == 3 && Activations(c, "MasterGrain").Count == 1,
            "the Orleans Dashboard counting the Replicas and the Master");
        var silos = counters.GetProperty("hosts").EnumerateArray().ToDictionary(h => h.GetProperty("siloAddress").GetString()!, h => h.GetProperty("siloName").GetString());
        Assert.Equal(["MD1", "MD2", "MD3"], silos.Values.Order());
        Assert.Equal("MD1", silos[Activations(counters, "MasterGrain").Single().Silo]);
        Assert.Equal(["MD1", "MD2", "MD3"], Activations(counters, "ReplicaGrain").Select(a => silos[a.Silo]).Order());
    }

    [Fact]
    public async Task TheMailShowsEachMachinesLettersAndBytesAndTheDigestsAgreeOnceQuiet()
    {
        await using var dash = await DashboardCluster.StartAsync();
        await dash.AddUsersAsync("alice", "bob", "carol");
        var alice = await dash.LoginAsync("alice", "MD3");
        for (var i = 0; i < 5; i++)
        {
            await dash.Server("MD3").Send(alice, new SendRequest(["bob", "carol"], $"bulk {i}", new string('m', 1000), $"m-{i}"));
        }

        await dash.QuietAsync();
        var mail = await dash.WaitForJsonAsync(
            "MD2",
            "/api/mail",
            m => m.GetProperty("digestsAgree").ValueKind == JsonValueKind.True && Rows(m).All(r => r.GetProperty("letters").GetInt64() == 5),
            "five letters everywhere and agreeing digests");

        // A letter's bytes are its whole RFC 5322 message: the 1,000 octets of text and the header around them.
        var received = await dash.Server("MD3").Receive(await dash.LoginAsync("bob", "MD3"));
        var messageBytes = received.Letters.Sum(l => (long)l.Message!.Length);
        Assert.InRange(messageBytes, 5 * 1000 + 1, 5 * 2000);
        foreach (var row in Rows(mail))
        {
            Assert.Equal(4, row.GetProperty("users").GetInt64());
            Assert.Equal(10, row.GetProperty("inboxEntries").GetInt64());
            Assert.Equal(messageBytes, row.GetProperty("letterBytes").GetInt64());
            Assert.Equal(0, row.GetProperty("protoletters").GetInt64());
        }

        var digests = Rows(mail).Select(r => r.GetProperty("digest").GetString()).ToList();
        Assert.All(digests, d => Assert.Matches("^[0-9a-f]{64}$", d!.ToLowerInvariant()));
        Assert.Single(digests.Distinct());
        var report = await dash.QuietAsync();
        Assert.Equal(report.Machines.Single(m => m.Name == "MD1").Digest, digests[0]);
    }

    [Fact]
    public async Task TheMailNamesAMachineThatWasNotComparedAndNeverSaysTheReplicasAgreeWithoutIt()
    {
        await using var dash = await DashboardCluster.StartAsync();
        await dash.AddUsersAsync("alice", "bob");
        await dash.Cluster.KillSiloAsync("MD3");
        await dash.WaitForJsonAsync("MD1", "/api/cluster", c => Machine(c, "MD3").GetProperty("state").GetString() == "dead", "MD3 dead");

        // A letter while MD3 is dead changes the figures, so the live replicas are compared again, without MD3.
        var alice = await dash.LoginAsync("alice", "MD1");
        await dash.Server("MD1").Send(alice, new SendRequest(["bob"], "while MD3 is dead", "body", "u-1"));
        var overview = await dash.WaitForJsonAsync(
            "MD1",
            "/api/overview",
            o => Unchecked(o.GetProperty("mail")).Contains(("MD3", "down")),
            "MD3 named as not compared because it is down");
        var mail = overview.GetProperty("mail");
        Assert.Equal(JsonValueKind.Null, mail.GetProperty("digestsAgree").ValueKind);
        Assert.Equal([("MD3", "down")], Unchecked(mail));
        Assert.StartsWith("Not verified: MD3 (down) could not be compared", mail.GetProperty("digestNote").GetString());
        Assert.NotEqual(JsonValueKind.Null, mail.GetProperty("digestsAt").ValueKind);
        var digests = Rows(mail).ToDictionary(r => r.GetProperty("machine").GetString()!, r => r.GetProperty("digest"));
        Assert.Equal(JsonValueKind.Null, digests["MD3"].ValueKind);
        Assert.Equal(digests["MD1"].GetString(), digests["MD2"].GetString());
        Assert.Equal(JsonValueKind.String, digests["MD1"].ValueKind);

        // Back and caught up: the next quiet comparison takes all three, and only then do they agree.
        await dash.Cluster.StartSiloAsync("MD3");
        mail = await dash.WaitForJsonAsync(
            "MD1",
            "/api/mail",
            m => m.GetProperty("digestsAgree").ValueKind == JsonValueKind.True,
            "all three compared and agreeing",
            TimeSpan.FromSeconds(60));
        Assert.Empty(Unchecked(mail));
        Assert.Single(Rows(mail).Select(r => r.GetProperty("digest").GetString()).Distinct());
        Assert.DoesNotContain(Rows(mail), r => r.GetProperty("digest").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task OnlyAdministratorsGetInAndTheCookieIsNoGatewayToken()
    {
        await using var dash = await DashboardCluster.StartAsync();
        await dash.AddUsersAsync("alice");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler) { BaseAddress = dash.BaseAddress("MD1") };

        // The page's own files need no login; everything with data does.
        using (var js = await browser.GetAsync("/assets/dashboard.js"))
        {
            Assert.Equal(HttpStatusCode.OK, js.StatusCode);
            Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);
            Assert.Contains("default-src 'none'", js.Headers.GetValues("Content-Security-Policy").Single());
        }

        using (var page = await browser.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.SeeOther, page.StatusCode);
            Assert.Equal("/login", page.Headers.Location?.OriginalString);
        }

        foreach (var path in (string[])["/api/overview", "/api/cluster", "/api/protocol", "/api/mail"])
        {
            using var api = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
            Assert.Empty(api.Headers.WwwAuthenticate);
        }

        using (var metrics = await browser.GetAsync("/metrics"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);
            Assert.Equal("Basic", metrics.Headers.WwwAuthenticate.Single().Scheme);
        }

        // A wrong password, and a right password of a user who is not an administrator, are both refused.
        foreach (var (user, password) in (ValueTuple<string, string>[])[("admin", "not-it"), ("alice", "alice-pw"), ("nobody", "x")])
        {
            using var refused = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = user, ["password"] = password }));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Contains("login-error", await refused.Content.ReadAsStringAsync());
            Assert.Empty(handler.CookieContainer.GetCookies(dash.BaseAddress("MD1")));
        }

        using (var login = await browser.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin", ["password"] = DashboardCluster.AdminPassword })))
        {
            Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
            var setCookie = login.Headers.GetValues("Set-Cookie").Single();
            Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        }

        using (var page = await browser.GetAsync("/"))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("/assets/dashboard.js", await page.Content.ReadAsStringAsync());
        }

        using (var api = await browser.GetAsync("/api/cluster"))
        {
            Assert.Equal(HttpStatusCode.OK, api.StatusCode);
            Assert.Equal("MD1", JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement.GetProperty("master").GetString());
        }

        // Read-only: the page cannot be posted to, and the cookie cannot be used at a gateway.
        using (var post = await browser.PostAsync("/api/cluster", new StringContent("{}")))
        {
            Assert.Equal(HttpStatusCode.MethodNotAllowed, post.StatusCode);
        }

        var cookie = handler.CookieContainer.GetCookies(dash.BaseAddress("MD1")).Single();
        await Assert.ThrowsAsync<RequestRefusedException>(() => dash.Server("MD1").Status(cookie.Value));

        // The cookie is signed with the cluster secret: another machine's dashboard takes it too.
        handler.CookieContainer.Add(dash.BaseAddress("MD2"), new Cookie(cookie.Name, cookie.Value, "/"));
        using (var other = await browser.GetAsync(new Uri(dash.BaseAddress("MD2"), "/api/cluster")))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        using (var logout = await browser.PostAsync("/logout", null))
        {
            Assert.Equal(HttpStatusCode.SeeOther, logout.StatusCode);
        }

        using (var after = await browser.GetAsync("/api/cluster"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        }
    }

    private static IEnumerable<JsonElement> Machines(JsonElement cluster) => cluster.GetProperty("machines").EnumerateArray();

    private static JsonElement Machine(JsonElement cluster, string name) => Machines(cluster).Single(m => m.GetProperty("name").GetString() == name);

    private static IEnumerable<JsonElement> Events(JsonElement protocol) => protocol.GetProperty("events").EnumerateArray();

    private static JsonElement? CatchUp(JsonElement protocol, string machine)
        => protocol.GetProperty("catchUp").EnumerateArray().Where(c => c.GetProperty("machine").GetString() == machine).Select(c => (JsonElement?)c).FirstOrDefault();

    // The Orleans Dashboard's activations of one grain class (its full name ends with the class's), per silo address.
    private static List<(string Silo, int Count)> Activations(JsonElement counters, string grainClass)
        => counters.GetProperty("simpleGrainStats").EnumerateArray()
            .Where(g => g.GetProperty("grainType").GetString()!.EndsWith("." + grainClass, StringComparison.Ordinal))
            .Select(g => (g.GetProperty("siloAddress").GetString()!, g.GetProperty("activationCount").GetInt32()))
            .ToList();

    private static IEnumerable<JsonElement> Rows(JsonElement mail) => mail.GetProperty("machines").EnumerateArray();

    private static List<(string, string)> Unchecked(JsonElement mail)
        => mail.GetProperty("digestsUnchecked").EnumerateArray().Select(u => (u.GetProperty("name").GetString()!, u.GetProperty("reason").GetString()!)).ToList();
}
