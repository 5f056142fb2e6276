using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Maildriver.Client.Connection;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Silo.Dashboard;
using Maildriver.Tests.Dashboard.Browser;
using Maildriver.Tests.Processes;
using Maildriver.Tests.Support;
using Xunit.Abstractions;

namespace Maildriver.Tests.Dashboard;

/// <summary>
/// The dashboard in a real browser (Debian's headless Chromium) against three real silo processes: the operator
/// logs in, sees every machine and the Master, sees a killed machine go dead within seconds, and sees a Master left
/// with no Lieutenant say that it acknowledges nothing.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    /// <summary>Where the screenshots go: the test output folder's TestResults.</summary>
    public static string ArtifactFolder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults");

    [Fact]
    public async Task TheOperatorLogsInSeesEveryMachineAndTheMasterAndAKilledMachineGoesDeadWithinSeconds()
    {
        // First, so a machine without the browser fails at once with a clear message rather than after a cluster start.
        Assert.True(File.Exists(HeadlessChromium.ExecutablePath),
            $"{HeadlessChromium.ExecutablePath} is missing: install Debian's chromium package (apt-get install chromium) to run the dashboard's browser test; .ci/run does.");

        await using var cluster = await SiloProcessCluster.StartNewAsync(3);
        await SendSomeMailAsync(cluster);
        await using var browser = await HeadlessChromium.StartAsync();
        output.WriteLine($"chromium pid {browser.Pid}; silos {string.Join(", ", cluster.Machines.Select(m => $"{m} pid {cluster.Pid(m)}"))}");
        var dashboard = $"http://127.0.0.1:{cluster.Ports("MD1").Dashboard}";
        try
        {
            await WatchAsync(cluster, browser, dashboard);
        }
        catch
        {
            // What the page showed when the test failed, next to the other artifacts; the failure itself stays the error.
            try
            {
                await browser.ScreenshotAsync(Path.Combine(ArtifactFolder, "dashboard-failure.png"));
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
            {
                output.WriteLine($"no failure screenshot: {ex.Message}");
            }

            throw;
        }
    }

    private async Task WatchAsync(SiloProcessCluster cluster, HeadlessChromium browser, string dashboard)
    {
        // Not logged in: the Orleans Dashboard (its log stream included) and /metrics are closed to anyone without
        // an administrator's credentials, on every machine's real silo process.
        await ClosedWithoutCredentialsAsync(cluster);
        foreach (var (machine, path) in (ValueTuple<string, string>[])[("MD1", "/orleans/"), ("MD2", "/ORLEANS/Trace"), ("MD3", "/metrics")])
        {
            await browser.NavigateAsync($"http://127.0.0.1:{cluster.Ports(machine).Dashboard}{path}");
            await browser.WaitForAsync(
                "location.pathname === '/login' && document.getElementById('login-form') !== null",
                TimeSpan.FromSeconds(10),
                $"the login form instead of {path} on {machine}");
        }

        // Nor Maildriver's page: it sends the browser to the login form too.
        await browser.NavigateAsync(dashboard + "/");
        await browser.WaitForAsync("location.pathname === '/login' && document.getElementById('login-form') !== null", TimeSpan.FromSeconds(10), "the login form");
        await browser.ScreenshotAsync(Path.Combine(ArtifactFolder, "dashboard-login.png"));
        await browser.EvaluateAsync($$"""
            document.getElementById('user').value = 'admin';
            document.getElementById('password').value = {{JsonSerializer.Serialize(SiloProcessCluster.AdminPassword)}};
            document.getElementById('login-form').submit();
            """);
        await browser.WaitForAsync("location.pathname === '/' && document.body.dataset.loaded === 'true'", TimeSpan.FromSeconds(20), "the dashboard's first refresh");

        // The harness's start returns once the admin can log in, which can be a moment before the Master has appointed
        // its Lieutenant: the page must come to show the whole cluster (a refresh in that moment shows MD2 with no rank).
        // The Lieutenant is MD2 unless MD2 missed its pulses while the cluster started on a busy machine: the Master then
        // appoints MD3, and MD2 comes back as a plain machine. Either is a whole cluster.
        await browser.WaitForAsync(
            "['MD1/up/master MD2/up/lieutenant MD3/up/', 'MD1/up/master MD2/up/ MD3/up/lieutenant'].includes("
            + "[...document.querySelectorAll('.machine')].map(m => m.dataset.machine + '/' + m.dataset.state + '/' + m.dataset.role).join(' '))",
            TimeSpan.FromSeconds(20),
            "the page showing MD1 Master, MD2 or MD3 Lieutenant and all three up");
        var machines = await MachinesAsync(browser);
        Assert.Equal(["MD1", "MD2", "MD3"], machines.Select(m => m.Name));
        Assert.All(machines, m => Assert.Equal("up", m.State));
        Assert.Equal("master", machines.Single(m => m.Name == "MD1").Role);
        Assert.Contains(machines.Single(m => m.Role == "lieutenant").Name, (string[])["MD2", "MD3"]);
        Assert.Equal("MD1", (await browser.EvaluateAsync("document.getElementById('master').textContent")).GetString());

        // The mail section is filled from the stores; the grain figures are the Orleans Dashboard's, not this page's.
        await browser.WaitForAsync(
            "document.querySelector('#agreement').dataset.agree === 'true'",
            TimeSpan.FromSeconds(30),
            "agreeing digests");
        Assert.Equal(0, (await browser.EvaluateAsync("document.querySelectorAll('#methods, #activations, .chart').length")).GetInt32());
        await browser.ScreenshotAsync(Path.Combine(ArtifactFolder, "dashboard-healthy.png"));

        // Maildriver's page links to the Orleans Dashboard, behind the same login, which lists the protocol's grain
        // classes; its page links back. Its live log stream shows what the machine logs, as it happens.
        await OrleansDashboardAsync(cluster, browser, dashboard);
        await LogStreamAsync(browser, dashboard);

        // The session only looks: nothing on the port takes a change from it, and no gateway takes its cookie.
        await SessionOnlyLooksAsync(cluster, browser);

        await cluster.KillAsync("MD3");
        var clock = Stopwatch.StartNew();
        await browser.WaitForAsync("document.querySelector('.machine[data-machine=\"MD3\"]').dataset.state === 'dead'", TimeSpan.FromSeconds(15), "MD3 shown dead");
        var shownDead = clock.Elapsed;
        output.WriteLine($"MD3 shown dead {shownDead.TotalSeconds:0.0} s after the kill");
        Assert.True(shownDead < TimeSpan.FromSeconds(5), $"MD3 was shown dead only {shownDead.TotalSeconds:0.0} s after it was killed");

        await browser.WaitForAsync(
            "document.querySelector('#events tr[data-kind=\"machineDied\"][data-subject=\"MD3\"]') !== null"
            + " && document.querySelector('#catchup [data-machine=\"MD3\"]') !== null",
            TimeSpan.FromSeconds(10),
            "the death in the recent events and MD3's catch-up list");
        Assert.Equal("master", (await MachinesAsync(browser)).Single(m => m.Name == "MD1").Role);

        // Its catch-up list grows with every letter sent while it is dead, and empties into it when it is back.
        var before = await CatchUpPendingAsync(browser, "MD3");
        await AsAsync(cluster, ["MD1"], "alice", "alice-pw", async (server, alice) =>
        {
            for (var i = 0; i < 3; i++)
            {
                await server.Send(alice, new SendRequest(["bob"], $"For the catch-up {i}", "x", $"browser-catchup-{i}"));
            }
        });
        await browser.WaitForAsync(
            $"Number(document.querySelector('#catchup [data-machine=\"MD3\"]').dataset.pending) >= {before + 3}",
            TimeSpan.FromSeconds(10),
            "MD3's catch-up list grown by three letters");
        await browser.ScreenshotAsync(Path.Combine(ArtifactFolder, "dashboard-catchup-growing.png"));
        await cluster.StartAsync("MD3");
        await browser.WaitForAsync(
            "document.querySelector('.machine[data-machine=\"MD3\"]').dataset.state === 'up'"
            + " && document.querySelector('#catchup [data-machine=\"MD3\"]') === null"
            + " && document.querySelector('#events tr[data-kind=\"machineBack\"][data-subject=\"MD3\"]') !== null",
            TimeSpan.FromSeconds(60),
            "MD3 caught up and back");
        await browser.ScreenshotAsync(Path.Combine(ArtifactFolder, "dashboard-caught-up.png"));

        await cluster.KillAsync("MD3");
        await browser.WaitForAsync("document.querySelector('.machine[data-machine=\"MD3\"]').dataset.state === 'dead'", TimeSpan.FromSeconds(15), "MD3 dead again");

        // A letter while MD3 is dead: the next comparison takes MD1 and MD2 only, and the page must not say "agree".
        await AsAsync(cluster, ["MD1"], "alice", "alice-pw", (server, alice) => server.Send(alice, new SendRequest(["bob"], "While MD3 is dead", "x", "browser-dead")));
        await browser.WaitForAsync(
            "document.querySelector('#agreement').dataset.unchecked === 'MD3'"
            + " && document.querySelector('#agreement').textContent.startsWith('not verified: MD3 not compared')"
            + " && document.querySelector('#agreement').dataset.agree === 'null'"
            + " && !document.querySelector('#mail').textContent.includes('✓')",
            TimeSpan.FromSeconds(30),
            "the mail section saying MD3 was not compared, with no agreement shown");

        var screenshot = Path.Combine(ArtifactFolder, "dashboard.png");
        await browser.ScreenshotAsync(screenshot);
        output.WriteLine($"screenshot: {screenshot}");

        // The Master dies too: MD2 takes over with no machine left to be its Lieutenant, and its page says that it
        // acknowledges nothing, and why (the session cookie is good on every machine's dashboard).
        // The browser leaves MD1's page first: a poll of MD1's page caught between the kill and the navigation would be
        // a refused connection in the browser's log, which the last assertion below counts as an error of the page's.
        await browser.NavigateAsync($"http://127.0.0.1:{cluster.Ports("MD2").Dashboard}/");
        await cluster.KillAsync("MD1");
        await browser.WaitForAsync(
            "document.getElementById('master').textContent === 'MD2'"
            + " && document.getElementById('lieutenant').textContent === 'none'"
            + " && !document.getElementById('not-acknowledging').hidden"
            + " && document.getElementById('not-acknowledging').textContent.includes('MD1 and MD3 are down')",
            TimeSpan.FromSeconds(20),
            "MD2's page saying it acknowledges nothing with MD1 and MD3 down");
        await browser.ScreenshotAsync(Path.Combine(ArtifactFolder, "dashboard-no-lieutenant.png"));

        var pageErrors = await browser.EvaluateAsync("document.getElementById('script-errors').textContent");
        Assert.Equal(string.Empty, pageErrors.GetString());
        // The browser logs each refusal above as a failed load: those, and nothing else.
        var errors = browser.Errors.Where(e => !e.Contains("probe=session", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 0, "the browser reported: " + string.Join(" | ", errors));
    }

    private async Task OrleansDashboardAsync(SiloProcessCluster cluster, HeadlessChromium browser, string dashboard)
    {
        // Bob reads his letters: his inbox is activated on MD1, so the Orleans Dashboard has an InboxGrain to list.
        await AsAsync(cluster, ["MD1"], "bob", "bob-pw", async (server, bob) => Assert.NotEmpty(await server.List(bob)));
        var link = (await browser.EvaluateAsync("document.getElementById('orleans-link').getAttribute('href')")).GetString();
        Assert.Equal("/orleans/", link);
        await browser.NavigateAsync(dashboard + link + "#/grains");
        string[] classes = ["MasterGrain", "LieutenantGrain", "ReplicaGrain", "InboxGrain"];
        await browser.WaitForAsync(
            string.Join(" && ", classes.Select(c => $"document.body.innerText.includes('{c}')")),
            TimeSpan.FromSeconds(30),
            "the Orleans Dashboard listing the grain classes Master, Lieutenant, Replica and Inbox");
        await browser.ScreenshotAsync(Path.Combine(ArtifactFolder, "orleans-dashboard-grains.png"));
        Assert.Equal("/", (await browser.EvaluateAsync($"document.getElementById('{OrleansDashboardLink.AnchorId}').getAttribute('href')")).GetString());
        output.WriteLine("the Orleans Dashboard lists " + string.Join(", ", classes));

        await browser.NavigateAsync(dashboard + "/");
        await browser.WaitForAsync("location.pathname === '/' && document.body.dataset.loaded === 'true'", TimeSpan.FromSeconds(20), "Maildriver's page again");
    }

    private async Task ClosedWithoutCredentialsAsync(SiloProcessCluster cluster)
    {
        // The harness returns once the admin can log in; the dashboards' web servers open a moment later.
        await WaitFor.ConditionAsync(
            async () => (await Task.WhenAll(cluster.Machines.Select(m => LoopbackPorts.IsListeningAsync(cluster.Ports(m).Dashboard)))).All(up => up),
            TimeSpan.FromSeconds(30),
            "every machine's dashboard port open");
        var basic = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + SiloProcessCluster.AdminPassword)));
        foreach (var machine in cluster.Machines)
        {
            using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri($"http://127.0.0.1:{cluster.Ports(machine).Dashboard}") };
            string[] closed = ["/metrics", "/METRICS", "/orleans/", "/orleans", "/ORLEANS/", "/orleans/Trace", "/ORLEANS/TRACE", "/orleans/DashboardCounters", "/orleans/index.min.js", "/api/overview"];
            foreach (var path in closed)
            {
                // A script or a scraper: 401.
                using var refused = await anonymous.GetAsync(path);
                Assert.True(refused.StatusCode == HttpStatusCode.Unauthorized, $"{machine} {path} answered {(int)refused.StatusCode} without credentials");

                // A browser: the login form.
                using var navigation = new HttpRequestMessage(HttpMethod.Get, path);
                navigation.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,*/*;q=0.8");
                using var sent = await anonymous.SendAsync(navigation);
                Assert.True(
                    sent.StatusCode == HttpStatusCode.SeeOther && sent.Headers.Location?.OriginalString == "/login",
                    $"{machine} {path} answered a browser without a session {(int)sent.StatusCode} {sent.Headers.Location}, not the login form");
            }

            // Prometheus's way in: HTTP Basic. Orleans's meter, the runtime's and Maildriver's, in Prometheus text.
            using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
            scrape.Headers.Authorization = basic;
            using var metrics = await anonymous.SendAsync(scrape);
            Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
            var lines = (await metrics.Content.ReadAsStringAsync()).Split('\n');
            foreach (var prefix in (string[])["orleans_", "maildriver_", "dotnet_"])
            {
                Assert.Contains(lines, l => l.StartsWith(prefix, StringComparison.Ordinal));
            }

            // Every machine serves the Orleans Dashboard, with the link back, to an administrator.
            using var orleans = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
            orleans.Headers.Authorization = basic;
            using var page = await anonymous.SendAsync(orleans);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains($"id=\"{OrleansDashboardLink.AnchorId}\" href=\"/\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            output.WriteLine($"{machine} /metrics: {lines.Count(l => l.StartsWith("orleans_", StringComparison.Ordinal))} orleans_ and {lines.Count(l => l.StartsWith("maildriver_", StringComparison.Ordinal))} maildriver_ samples");
        }
    }

    // The Orleans Dashboard's log stream page shows a line this machine logs after it opened.
    private async Task LogStreamAsync(HeadlessChromium browser, string dashboard)
    {
        await browser.NavigateAsync(dashboard + "/orleans/#/trace");
        await browser.WaitForAsync(
            "document.body.innerText.includes('You are connected to the Orleans Dashboard log streaming service')",
            TimeSpan.FromSeconds(20),
            "the Orleans Dashboard's log stream connected");

        // A refused login is logged (a warning) with the name tried: a name nobody used before.
        var probe = "log-stream-probe-" + Guid.NewGuid().ToString("N")[..8];
        using (var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(dashboard) })
        {
            using var refused = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = probe, ["password"] = "wrong" }));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        await browser.WaitForAsync($"document.body.innerText.includes('refused a login as {probe}')", TimeSpan.FromSeconds(20), "the refused login in the live log stream");
        await browser.ScreenshotAsync(Path.Combine(ArtifactFolder, "orleans-dashboard-log-stream.png"));
        await browser.NavigateAsync(dashboard + "/");
        await browser.WaitForAsync("location.pathname === '/' && document.body.dataset.loaded === 'true'", TimeSpan.FromSeconds(20), "Maildriver's page again");
    }

    private async Task SessionOnlyLooksAsync(SiloProcessCluster cluster, HeadlessChromium browser)
    {
        // From the page, with its session cookie: every request that could change something is refused (the one
        // Orleans Dashboard endpoint that calls Maildriver's grains included), while reading works.
        var statuses = await browser.EvaluateAsync("""
            Promise.all([
              ['GET', '/api/overview'],
              ['POST', '/'], ['POST', '/api/overview'], ['PUT', '/api/cluster'], ['DELETE', '/api/mail'],
              ['POST', '/orleans/'], ['POST', '/orleans/DashboardCounters'], ['DELETE', '/orleans/Reminders'],
              ['GET', '/orleans/GrainState?grainId=MD1&grainType=Maildriver.Grains.Master.MasterGrain'],
              ['GET', '/ORLEANS/grainstate?grainId=MD2&grainType=Maildriver.Grains.Replica.ReplicaGrain'],
            ].map(([method, path]) => fetch(path + (path.includes('?') ? '&' : '?') + 'probe=session', { method, credentials: 'same-origin', redirect: 'manual' })
              .then(r => method + ' ' + path + ' ' + r.status)))
            """);
        var answers = statuses.EnumerateArray().Select(a => a.GetString()!).ToList();
        output.WriteLine("with the session: " + string.Join("; ", answers));
        Assert.EndsWith(" 200", answers[0], StringComparison.Ordinal);
        Assert.All(answers.Skip(1), a => Assert.True(int.Parse(a[(a.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture) is >= 400 and < 500, $"{a}: not refused"));
        Assert.Contains(answers, a => a.StartsWith("GET /orleans/GrainState", StringComparison.Ordinal) && a.EndsWith(" 403", StringComparison.Ordinal));

        // The cookie the login form sets (the same form, on a real silo) is no token of the mail front door.
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() };
        using var http = new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{cluster.Ports("MD1").Dashboard}") };
        using var login = await http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin", ["password"] = SiloProcessCluster.AdminPassword }));
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        var cookie = handler.CookieContainer.GetCookies(http.BaseAddress!)[DashboardAuthenticator.CookieName]?.Value;
        Assert.False(string.IsNullOrEmpty(cookie), "the login form set no session cookie");
        await using var client = new FailoverClient(
            GatewayList.Parse(string.Join(',', cluster.Machines.Select(cluster.Gateway))),
            new ClientSettings(GatewayTrust.System) { ResponseTimeout = TimeSpan.FromSeconds(30) });
        await Assert.ThrowsAsync<RequestRefusedException>(() => client.Server.AddUser(cookie, "mallory", "mallory-pw", isAdmin: true));
        await Assert.ThrowsAsync<RequestRefusedException>(() => client.Server.Send(cookie, new SendRequest(["bob"], "From the dashboard", "x", "dashboard-cookie")));
        await Assert.ThrowsAsync<RequestRefusedException>(() => client.Server.Status(cookie));
    }

    private static async Task<int> CatchUpPendingAsync(HeadlessChromium browser, string machine)
        => int.Parse((await browser.EvaluateAsync($"document.querySelector('#catchup [data-machine=\"{machine}\"]').dataset.pending")).GetString()!, CultureInfo.InvariantCulture);

    private static async Task<List<(string Name, string State, string Role)>> MachinesAsync(HeadlessChromium browser)
    {
        var list = await browser.EvaluateAsync("[...document.querySelectorAll('.machine')].map(m => [m.dataset.machine, m.dataset.state, m.dataset.role])");
        return list.EnumerateArray().Select(m => (m[0].GetString()!, m[1].GetString()!, m[2].GetString()!)).ToList();
    }

    // A little traffic, so the page has figures to show (and the screenshot something to look at).
    private static async Task SendSomeMailAsync(SiloProcessCluster cluster)
    {
        await AsAsync(cluster, cluster.Machines, "admin", SiloProcessCluster.AdminPassword, async (server, admin) =>
        {
            await server.AddUser(admin, "alice", "alice-pw", isAdmin: false);
            await server.AddUser(admin, "bob", "bob-pw", isAdmin: false);
            await cluster.WaitForUserAsync("bob", "bob-pw");
            var alice = (await server.Login("alice", "alice-pw")).Token;
            for (var i = 0; i < 20; i++)
            {
                await server.Send(alice, new SendRequest(["bob", "alice"], $"Letter {i}", new string('x', 200 * (i + 1)), $"browser-{i}"));
            }

            await server.Verify(admin);
        });
    }

    // A client of the given gateways (the CLI's, with its failover), logged in as the user for the length of the work.
    private static async Task AsAsync(SiloProcessCluster cluster, IReadOnlyList<string> gateways, string user, string password, Func<IMailServer, string, Task> work)
    {
        await using var client = new FailoverClient(
            GatewayList.Parse(string.Join(',', gateways.Select(cluster.Gateway))),
            new ClientSettings(GatewayTrust.System) { ResponseTimeout = TimeSpan.FromSeconds(30) });
        await work(client.Server, (await client.Server.Login(user, password)).Token);
    }
}
