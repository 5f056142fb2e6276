using System.Text.Json.Nodes;
using Maildriver.Silo.Hosting;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes;

/// <summary><c>Maildriver.Silo</c> refuses a configuration it cannot use: exit code 2 and a message naming the field.</summary>
[Collection(ProcessTestCollection.Name)]
public sealed class SiloStartupTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "maildriver-startup-" + Guid.NewGuid().ToString("N")[..12]);

    public SiloStartupTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task AMissingClusterSecretExitsWithTwoNamingTheField()
    {
        var config = ValidConfig();
        config.Remove("clusterSecret");

        var result = await RunSiloAsync(config, "MD1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("clusterSecret", result.Stderr);
    }

    [Fact]
    public async Task ANonNumericSiloPortExitsWithTwoNamingTheField()
    {
        var config = ValidConfig();
        config["machines"]![1]!["siloPort"] = "eleven";

        var result = await RunSiloAsync(config, "MD1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("machines[1].siloPort", result.Stderr);
    }

    [Fact]
    public async Task ABadProtocolSettingExitsWithTwoNamingTheField()
    {
        var config = ValidConfig();
        config["protocol"] = new JsonObject { ["passwordIterations"] = 0 };

        var result = await RunSiloAsync(config, "MD1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("protocol.passwordIterations", result.Stderr);
        AssertNothingWritten();
    }

    [Fact]
    public async Task ABadMailPortsSettingExitsWithTwoNamingTheField()
    {
        // Read by Silo/MailPorts, apart from the protocol's settings: refused all the same, before anything starts.
        var config = ValidConfig();
        config["mailPorts"] = new JsonObject { ["maxCommandBytes"] = 100 };

        var result = await RunSiloAsync(config, "MD1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("mailPorts.maxCommandBytes", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")), "a refused start must not create data directories");
    }

    [Fact]
    public async Task BadOptionsAreAllNamedInOneLineWhenTheSiloStartsAndNothingIsWritten()
    {
        // Options are validated as the host starts (ValidateOnStart), before the machine claims its data directory.
        var config = ValidConfig();
        config["initialLieutenant"] = "MD1";
        config["protocol"] = new JsonObject { ["receiveWaitMs"] = 0 };

        var result = await RunSiloAsync(config, "MD2");

        Assert.True(result.ExitCode == 2, result.ToString());
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Contains("bad configuration", line);
        Assert.Contains("initialLieutenant: must be a different machine from initialMaster", line);
        Assert.Contains("protocol.receiveWaitMs: must be a positive whole number", line);
        AssertNothingWritten();
    }

    [Fact]
    public async Task ASecondProcessOfTheMachineIsRefusedInOneLineBeforeItOpensAnything()
    {
        // The data directory is claimed as the host starts, once the options are validated: this test's process holds it.
        var dataDir = Path.Combine(_folder, "data", "MD1");
        using var held = DataDirectoryLock.TryAcquire(dataDir);

        var result = await RunSiloAsync(ValidConfig(), "MD1");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Contains($"MD1: another process uses its data directory ({DataDirectoryLock.PathFor(dataDir)} is held)", line);
        Assert.Equal([DataDirectoryLock.FileName], Directory.EnumerateFileSystemEntries(dataDir).Select(Path.GetFileName));
        Assert.False(File.Exists(Path.Combine(_folder, "membership.db")), "the refused silo must not join the membership table");
    }

    [Fact]
    public async Task AnUnknownMachineExitsWithTwoNamingIt()
    {
        var result = await RunSiloAsync(ValidConfig(), "MD9");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("MD9", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")), "a refused start must not create data directories");
    }

    [Fact]
    public async Task AMissingTlsCertificateExitsWithTwoNamingTheFieldAndTheFile()
    {
        var config = ValidConfig();
        config["tls"] = new JsonObject { ["certificate"] = "tls/{machine}.crt", ["key"] = "tls/{machine}.key" };

        var result = await RunSiloAsync(config, "MD2");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("tls.certificate", result.Stderr);
        Assert.Contains(Path.Combine(_folder, "tls", "MD2.crt"), result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(_folder, "data")), "a refused start must not create data directories");
    }

    [Fact]
    public async Task AMissingConfigurationFileExitsWithTwo()
    {
        var missing = Path.Combine(_folder, "nowhere.json");

        var result = await ProcessRunner.RunAsync(DotnetHost.Path, [DotnetHost.OutputFile("Maildriver.Silo.dll"), "--config", missing, "--machine", "MD1"]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("nowhere.json", result.Stderr);
    }

    [Fact]
    public async Task AnUnknownMembershipProviderExitsWithTwoInOneLineNamingTheFieldAndWritesNothing()
    {
        var config = ValidConfig();
        config["membership"] = new JsonObject { ["provider"] = "zookeeper" };

        var result = await RunSiloAsync(config, "MD1");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("membership.provider", Assert.Single(Lines(result.Stderr)));
        Assert.Contains("zookeeper", result.Stderr);
        AssertNothingWritten();
    }

    [Fact]
    public async Task AnUnreachablePostgresMembershipStopsTheSiloInOneLineAndWritesNothing()
    {
        var closed = LoopbackPorts.Reserve(1)[0];
        var config = ValidConfig();
        config["membership"] = new JsonObject
        {
            ["provider"] = "postgres",
            ["connectionString"] = $"Host=127.0.0.1;Port={closed};Username=maildriver;Password=not-for-the-log;Database=membership",
        };

        var result = await RunSiloAsync(config, "MD2");

        Assert.True(result.ExitCode == 1, result.ToString());
        var line = Assert.Single(Lines(result.Stderr));
        Assert.Contains("membership.connectionString", line);
        Assert.Contains($"127.0.0.1:{closed}", line);
        Assert.DoesNotContain("not-for-the-log", result.Stderr + result.Stdout);
        AssertNothingWritten();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    // A refused start leaves the folder as it found it: cluster.json alone, no data directory, no membership file.
    private void AssertNothingWritten()
        => Assert.Equal(["cluster.json"], Directory.EnumerateFileSystemEntries(_folder).Select(Path.GetFileName));

    // A configuration that would start, on ports nothing listens on; each test breaks one thing in it.
    private static JsonObject ValidConfig()
    {
        var machines = LoopbackMachines.Create(2);

        return new JsonObject
        {
            ["clusterSecret"] = "startup-tests-cluster-secret",
            ["initialMaster"] = "MD1",
            ["initialLieutenant"] = "MD2",
            ["storage"] = new JsonObject { ["provider"] = "sqlite" },
            ["machines"] = machines,
        };
    }

    // If a broken test made the silo start after all, the runner's deadline kills it rather than leaving it running.
    private async Task<ProcessResult> RunSiloAsync(JsonObject config, string machine)
    {
        var path = Path.Combine(_folder, "cluster.json");
        await File.WriteAllTextAsync(path, config.ToJsonString());
        return await ProcessRunner.RunAsync(
            DotnetHost.Path,
            [DotnetHost.OutputFile("Maildriver.Silo.dll"), "--config", path, "--machine", machine],
            environment: [new("MAILDRIVER_ADMIN_PASSWORD", "unused-admin-pw")],
            timeout: TimeSpan.FromSeconds(30),
            workingDirectory: _folder);
    }
}
