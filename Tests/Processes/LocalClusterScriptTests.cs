using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes;

/// <summary>
/// deploy/local-cluster.sh and deploy/maildriver.sh, run as a developer would, on a cluster.json with free ports in
/// a temporary folder (MAILDRIVER_CLUSTER_CONFIG, MAILDRIVER_RUN_DIR) so a developer's own local cluster is never
/// touched, and on the binaries this test build already made (MAILDRIVER_BIN_DIR) instead of a Release build.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed partial class LocalClusterScriptTests : IDisposable
{
    private const string AdminPassword = "script-admin-pw";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maildriver-script-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _runDir;
    private readonly Dictionary<string, string?> _environment;
    private readonly string _gateways;
    private readonly HashSet<int> _pidsSeen = [];

    public LocalClusterScriptTests()
    {
        Directory.CreateDirectory(_folder);
        _runDir = Path.Combine(_folder, "run");
        var machines = LoopbackMachines.Create(3);

        var config = new JsonObject
        {
            ["clusterSecret"] = "script-tests-cluster-secret",
            ["initialMaster"] = "MD1",
            ["initialLieutenant"] = "MD2",
            ["storage"] = new JsonObject { ["provider"] = "sqlite" },
            ["protocol"] = new JsonObject { ["passwordIterations"] = 1000 },
            ["machines"] = machines,
        };
        var configPath = Path.Combine(_folder, "cluster.json");
        File.WriteAllText(configPath, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        _gateways = string.Join(',', LoopbackMachines.Gateways(machines));
        _environment = new Dictionary<string, string?>
        {
            ["MAILDRIVER_CLUSTER_CONFIG"] = configPath,
            ["MAILDRIVER_RUN_DIR"] = _runDir,
            ["MAILDRIVER_BIN_DIR"] = DotnetHost.ProgramFolder,
            ["MAILDRIVER_ADMIN_PASSWORD"] = AdminPassword,
            ["DOTNET"] = DotnetHost.Path,
            ["MAILDRIVER_GATEWAYS"] = null,
            ["MAILDRIVER_USER"] = null,
            ["MAILDRIVER_PASSWORD"] = null,
        };
    }

    [Fact]
    public async Task UpStatusSendKillStartAndDownManageARealLocalCluster()
    {
        try
        {
            var up = await ScriptAsync("local-cluster.sh", "up");
            Expect(up, 0);
            Assert.Contains($"export MAILDRIVER_GATEWAYS={_gateways}", up.Stdout);
            Assert.Contains(AdminPassword, up.Stdout);
            var pids = await StatusPidsAsync(expectAllUp: true);

            var again = await ScriptAsync("local-cluster.sh", "up");
            Expect(again, 0);
            Assert.Contains("already up", again.Stdout);
            Assert.Equal(pids, await StatusPidsAsync(expectAllUp: true));

            // The CLI through the wrapper script: the admin the script's MAILDRIVER_ADMIN_PASSWORD created adds a user.
            Expect(await ScriptAsync("maildriver.sh", ["--gateway", _gateways, "--user", "admin", "admin", "add-user", "alice", "--password", "alice-pw"], env: ("MAILDRIVER_PASSWORD", AdminPassword)), 0);
            // add-user returns once the Master and Lieutenant have it; every machine knows alice a little later.
            foreach (var gateway in _gateways.Split(','))
            {
                await using var login = new SiloProcessLogin(gateway);
                await WaitFor.ConditionAsync(async () => await login.TryAsync("alice", "alice-pw") is null, TimeSpan.FromSeconds(30), $"alice can log in at {gateway}");
            }

            var sent = await ScriptAsync("maildriver.sh", ["--gateway", _gateways, "--user", "admin", "--password", AdminPassword, "--json", "send", "--to", "alice", "--subject", "Local"], stdin: "from the script test");
            Expect(sent, 0);
            var id = (string)JsonNode.Parse(sent.Stdout)!["id"]!;
            Assert.Equal(id, await AliceReceivesAsync(_gateways.Split(',')[2], "from the script test"));

            Expect(await ScriptAsync("local-cluster.sh", "kill", "MD3"), 0);
            Assert.False(await IsSiloAsync(pids["MD3"]), "MD3's process survived kill");
            var status = await ScriptAsync("local-cluster.sh", "status");
            Expect(status, 1);
            Assert.Matches(@"MD3\s+-\s+\S+\s+not running", status.Stdout);

            // A gateway list that starts with the dead machine still sends.
            var deadFirst = $"{_gateways.Split(',')[2]},{_gateways.Split(',')[0]}";
            var whileDown = await ScriptAsync("maildriver.sh", ["--gateway", deadFirst, "--user", "admin", "--password", AdminPassword, "--json", "send", "--to", "alice", "--subject", "Down"], stdin: "while MD3 is down");
            Expect(whileDown, 0);

            Expect(await ScriptAsync("local-cluster.sh", "start", "MD3"), 0);
            var restarted = await StatusPidsAsync(expectAllUp: true);
            Assert.NotEqual(pids["MD3"], restarted["MD3"]);
            Assert.Equal((pids["MD1"], pids["MD2"]), (restarted["MD1"], restarted["MD2"]));
            var logs = await ScriptAsync("local-cluster.sh", "logs", "MD3", "--no-follow");
            Expect(logs, 0);
            Assert.Contains("MD3 is running", logs.Stdout);

            var down = await ScriptAsync("local-cluster.sh", "down");
            Expect(down, 0);
            foreach (var (machine, pid) in restarted)
            {
                Assert.False(await IsSiloAsync(pid), $"{machine} (pid {pid}) still runs after down");
            }

            Expect(await ScriptAsync("local-cluster.sh", "status"), 1);
            Assert.Empty(Directory.GetFiles(_runDir, "*.pid"));
        }
        finally
        {
            await TearDownAsync();
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is untidy, not a failure of what was tested.
        }
    }

    [GeneratedRegex(@"^(MD\d+)\s+(\d+)\s+\S+\s+running$", RegexOptions.Multiline)]
    private static partial Regex RunningLine();

    private async Task<ProcessResult> ScriptAsync(string script, params string[] args) => await ScriptAsync(script, args, null);

    private async Task<ProcessResult> ScriptAsync(string script, string[] args, string? stdin = null, (string Name, string Value)? env = null)
    {
        var environment = new Dictionary<string, string?>(_environment);
        if (env is { } extra)
        {
            environment[extra.Name] = extra.Value;
        }

        return await ProcessRunner.RunAsync(
            "bash",
            [Path.Combine(RepositoryRoot.Path, "deploy", script), .. args],
            stdin,
            environment,
            TimeSpan.FromSeconds(120),
            _folder);
    }

    // `status` lists each running machine's pid; they must match the pid files and be live silos.
    private async Task<Dictionary<string, int>> StatusPidsAsync(bool expectAllUp)
    {
        var status = await ScriptAsync("local-cluster.sh", "status");
        Expect(status, expectAllUp ? 0 : 1);
        Assert.Contains($"MAILDRIVER_GATEWAYS={_gateways}", status.Stdout);
        var pids = RunningLine().Matches(status.Stdout).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
        _pidsSeen.UnionWith(pids.Values);
        Assert.Equal(["MD1", "MD2", "MD3"], pids.Keys.Order(StringComparer.Ordinal));
        foreach (var (machine, pid) in pids)
        {
            Assert.Equal(pid.ToString(CultureInfo.InvariantCulture), (await File.ReadAllTextAsync(Path.Combine(_runDir, $"{machine}.pid"))).Trim());
            Assert.True(await IsSiloAsync(pid), $"{machine}'s pid {pid} is not a running silo");
        }

        return pids;
    }

    private async Task<string> AliceReceivesAsync(string gateway, string body)
    {
        var received = await MaildriverCli.RunAsync(["--gateway", gateway, "--user", "alice", "--password", "alice-pw", "--json", "receive"]);
        Expect(received, 0);
        var letter = Assert.Single(JsonNode.Parse(received.Stdout)!.AsArray())!;
        Assert.Equal(body, (string)letter["body"]!);
        return (string)letter["id"]!;
    }

    // Whether the pid is one of this test's silos: its command line names this test's cluster.json. A pid the OS
    // has since given to another program is never taken for one.
    private async Task<bool> IsSiloAsync(int pid)
    {
        var ps = await ProcessRunner.RunAsync("ps", ["-p", pid.ToString(CultureInfo.InvariantCulture), "-o", "args="], timeout: TimeSpan.FromSeconds(10));
        return ps.ExitCode == 0 && ps.Stdout.Contains("Maildriver.Silo", StringComparison.Ordinal) && ps.Stdout.Contains(_folder, StringComparison.Ordinal);
    }

    // `down` first, as a developer would; then every silo pid the test saw or a pid file names, by pid.
    private async Task TearDownAsync()
    {
        try
        {
            await ScriptAsync("local-cluster.sh", "down");
        }
        catch (TimeoutException)
        {
            // The pids below are killed regardless.
        }

        var pids = new HashSet<int>(_pidsSeen);
        if (Directory.Exists(_runDir))
        {
            foreach (var file in Directory.GetFiles(_runDir, "*.pid"))
            {
                if (int.TryParse((await File.ReadAllTextAsync(file)).Trim(), CultureInfo.InvariantCulture, out var pid))
                {
                    pids.Add(pid);
                }
            }
        }

        foreach (var pid in pids)
        {
            if (await IsSiloAsync(pid))
            {
                using var process = System.Diagnostics.Process.GetProcessById(pid);
                process.Kill(entireProcessTree: true);
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(deadline.Token);
            }
        }
    }

    private void Expect(ProcessResult result, int exitCode)
    {
        if (result.ExitCode != exitCode)
        {
            var logs = string.Join('\n', Enumerable.Range(1, 3).Select(i => $"----- MD{i} -----\n{LogFiles.Tail(Path.Combine(_runDir, $"MD{i}.log"), 20)}"));
            throw new Xunit.Sdk.XunitException($"expected exit code {exitCode}, got {result}\n{logs}");
        }
    }
}
