using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Maildriver.Grains.Server;
using Maildriver.Tests.Grains.Protocol;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Dashboard;

/// <summary>
/// Maildriver machines in one process (a <see cref="MachineCluster"/>, so machines can be killed and restarted at
/// will), each serving its dashboard on a free loopback port (<see cref="MachineClusterOptions.UseDashboard"/>), with
/// an HTTP client per machine that sends the administrator's Basic credentials.
/// </summary>
public sealed class DashboardCluster : IAsyncDisposable
{
    public const string AdminPassword = MailTestCluster.AdminPassword;

    private readonly ConcurrentDictionary<string, HttpClient> _http = new();

    private DashboardCluster(MachineCluster cluster) => Cluster = cluster;

    public MachineCluster Cluster { get; }

    /// <param name="machines">How many machines: MD1 is the initial Master, MD2 the initial Lieutenant.</param>
    /// <param name="protocol">Changes to the <c>protocol</c> settings of <c>cluster.json</c>.</param>
    public static async Task<DashboardCluster> StartAsync(int machines = 3, Action<JsonObject>? protocol = null)
    {
        var cluster = await MachineCluster.StartAsync(new MachineClusterOptions
        {
            SiloCount = machines,
            UseDashboard = true,
            AdminPassword = AdminPassword,
            ConfigureClusterJson = doc =>
            {
                doc["initialMaster"] = "MD1";
                doc["initialLieutenant"] = "MD2";
                var settings = new JsonObject { ["passwordIterations"] = 1000 };
                protocol?.Invoke(settings);
                doc["protocol"] = settings;
            },
        });
        var dashboards = new DashboardCluster(cluster);
        try
        {
            // A new machine serves clients once it has copied the first Master's store.
            foreach (var machine in cluster.SiloNames)
            {
                await MailClusterWaits.UntilServingAsync(cluster, machine);
            }

            // Every machine's dashboard checks Basic credentials against its own store: wait until the bootstrap admin
            // has reached each one, not only the Master's.
            foreach (var machine in cluster.SiloNames)
            {
                await dashboards.AdminTokenAsync(machine);
            }
        }
        catch
        {
            await dashboards.DisposeAsync();
            throw;
        }

        return dashboards;
    }

    public int Port(string machine) => Cluster.Config.GetMachine(machine).DashboardPort;

    public Uri BaseAddress(string machine) => new($"http://127.0.0.1:{Port(machine)}");

    /// <summary><paramref name="machine"/>'s front door, as its gateway's clients reach it (see <see cref="MailTestCluster.Server"/>).</summary>
    public IMailServer Server(string machine) => Cluster.GetSilo(machine).GrainFactory.GetGrain<IMailServer>("gateway");

    /// <summary>A client of <paramref name="machine"/>'s dashboard that sends the admin's Basic credentials.</summary>
    public HttpClient Http(string machine) => _http.GetOrAdd(machine, m =>
    {
        var client = new HttpClient { BaseAddress = BaseAddress(m), Timeout = TimeSpan.FromSeconds(20) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + AdminPassword)));
        return client;
    });

    public async Task<JsonElement> GetJsonAsync(string machine, string path)
    {
        using var response = await Http(machine).GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path} on {machine}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>Polls <paramref name="path"/> on <paramref name="machine"/>'s dashboard until <paramref name="condition"/> holds; returns that answer.</summary>
    public async Task<JsonElement> WaitForJsonAsync(string machine, string path, Func<JsonElement, bool> condition, string because, TimeSpan? within = null)
    {
        JsonElement last = default;
        string? error = null;
        try
        {
            await WaitFor.ConditionAsync(
                async () =>
                {
                    try
                    {
                        last = await GetJsonAsync(machine, path);
                        error = null;
                        return condition(last);
                    }
                    catch (HttpRequestException ex)
                    {
                        error = ex.Message;
                        return false;
                    }
                },
                within ?? TimeSpan.FromSeconds(20),
                because);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}\nlast answer from {machine}{path}: {(error ?? last.ToString())}", ex);
        }

        return last;
    }

    /// <summary>Logs in as admin at <paramref name="machine"/>'s gateway, waiting for the bootstrap admin to reach it.</summary>
    public Task<string> AdminTokenAsync(string machine = "MD1") => MailClusterWaits.AdminTokenAsync(Server(machine), AdminPassword);

    public async Task AddUsersAsync(params string[] names)
    {
        var admin = await AdminTokenAsync();
        foreach (var name in names)
        {
            await Server("MD1").AddUser(admin, name, $"{name}-pw", isAdmin: false);
        }

        await QuietAsync();
    }

    public async Task<string> LoginAsync(string user, string machine) => (await Server(machine).Login(user, $"{user}-pw")).Token;

    /// <summary>
    /// Waits (bounded) until the live machines have nothing pending, then compares every machine's replica (a dead
    /// one comes back in <see cref="VerifyReport.Unchecked"/>).
    /// </summary>
    public async Task<VerifyReport> QuietAsync(string via = "MD1") => await Server(via).Verify(await AdminTokenAsync(via));

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _http.Values)
        {
            client.Dispose();
        }

        await Cluster.DisposeAsync();
    }
}
