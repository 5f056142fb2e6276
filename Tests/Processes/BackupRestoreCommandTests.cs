using System.Globalization;
using System.Text.RegularExpressions;
using Maildriver.Grains.Storage;
using Maildriver.Grains.Storage.Database;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Processes;

/// <summary>
/// <c>Maildriver.Silo backup</c> and <c>restore</c> against a real three-machine cluster: a backup of a running
/// machine, and the refusals that keep a restore from ever running under a live machine or over mail by accident.
/// </summary>
[Collection(ProcessTestCollection.Name)]
public sealed partial class BackupRestoreCommandTests(ThreeMachineCluster fixture) : IClassFixture<ThreeMachineCluster>
{
    private SiloProcessCluster Cluster => fixture.Cluster;

    private CliSessionFactory Cli => fixture.Cli;

    private string DataDir(string machine) => Path.Combine(Cluster.Folder, "data", machine);

    [Fact]
    public async Task ABackupOfARunningMachineIsRestoredOnlyOntoItsStoppedStoreAndOverMailOnlyWithForce()
    {
        var backup = Path.Combine(Cluster.Folder, "MD2.backup");
        var firstThree = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            firstThree.Add(await SendToBobAsync($"Before the backup {i}"));
        }

        await WaitForBobsLettersOnMD2Async(3);

        // While MD2 runs.
        var backedUp = await SiloAsync("backup", "--machine", "MD2", "--out", backup);
        Cli.Expect(backedUp, 0);
        Assert.Empty(Directory.GetFiles(Cluster.Folder, "*.partial"));
        MailSnapshotInfo info;
        await using (var file = File.OpenRead(backup))
        {
            info = await MailStore.VerifySnapshotAsync(file);
        }

        Assert.Equal(("MD2", 3L, 3L, 3L), (info.Machine, info.Users, info.Letters, info.InboxEntries));
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["users"] = info.Users, ["lists"] = info.Lists, ["letters"] = info.Letters, ["inboxEntries"] = info.InboxEntries,
                ["tombstones"] = info.Tombstones, ["protoletters"] = info.Protoletters,
            },
            Counts(backedUp.Stdout));

        var whileRunning = await SiloAsync("restore", "--machine", "MD2", "--from", backup, "--force");
        Cli.Expect(whileRunning, 1);
        Assert.Contains($"MD2 is running ({Path.Combine(DataDir("MD2"), "silo.lock")} is held): stop it first", whileRunning.Stderr);
        Assert.True(Cluster.IsRunning("MD2"));

        // A letter the backup does not have, so that restoring it visibly changes MD2's store.
        var later = await SendToBobAsync("After the backup");
        await WaitForBobsLettersOnMD2Async(4);
        Assert.Equal(0, await Cluster.StopAsync("MD2"));
        var stopped = await ReadStoreAsync("MD2");
        Assert.Equal(4, stopped.Letters.Count);
        Assert.False(stopped.RebuildPending);

        var withoutForce = await SiloAsync("restore", "--machine", "MD2", "--from", backup);
        Cli.Expect(withoutForce, 1);
        Assert.Contains("MD2's store is not empty", withoutForce.Stderr);
        Assert.Contains("--force", withoutForce.Stderr);
        Assert.Equal(stopped, await ReadStoreAsync("MD2"));

        var bytes = await File.ReadAllBytesAsync(backup);
        var cut = Path.Combine(Cluster.Folder, "MD2-cut.backup");
        await File.WriteAllBytesAsync(cut, bytes[..(bytes.Length / 2)]);
        var corrupt = await SiloAsync("restore", "--machine", "MD2", "--from", cut, "--force");
        Cli.Expect(corrupt, 1);
        Assert.Contains("is not a backup this build can restore", corrupt.Stderr);
        Assert.Contains("Nothing was changed", corrupt.Stderr);
        Assert.Equal(stopped, await ReadStoreAsync("MD2"));

        var ofMD1 = Path.Combine(Cluster.Folder, "MD1.backup");
        Cli.Expect(await SiloAsync("backup", "--machine", "MD1", "--out", ofMD1), 0);
        var otherMachine = await SiloAsync("restore", "--machine", "MD2", "--from", ofMD1, "--force");
        Cli.Expect(otherMachine, 1);
        Assert.Contains("a backup of MD1", otherMachine.Stderr);
        Assert.Contains("--any-machine", otherMachine.Stderr);
        Assert.Equal(stopped, await ReadStoreAsync("MD2"));

        var restored = await SiloAsync("restore", "--machine", "MD2", "--from", backup, "--force");
        Cli.Expect(restored, 0);
        Assert.Contains("reconciles with the other machines", restored.Stdout);
        Assert.Equal(Counts(backedUp.Stdout), Counts(restored.Stdout));
        var after = await ReadStoreAsync("MD2");
        Assert.Equal(firstThree.Order(StringComparer.Ordinal), after.Letters);
        Assert.DoesNotContain(later, after.Letters);
        Assert.True(after.RebuildPending);
    }

    [Fact]
    public async Task BadUsageExitsWithTwoAndBadInputWithOneNamingWhatIsWrong()
    {
        var noOut = await SiloAsync("backup", "--machine", "MD3");
        Assert.True(noOut.ExitCode == 2, noOut.ToString());
        Assert.Contains("--out", noOut.Stderr);

        var unknown = await SiloAsync("backup", "--machine", "MD9", "--out", Path.Combine(Cluster.Folder, "MD9.backup"));
        Assert.True(unknown.ExitCode == 2, unknown.ToString());
        Assert.Contains("MD9", unknown.Stderr);

        var missing = Path.Combine(Cluster.Folder, "nowhere.backup");
        var noFile = await SiloAsync("restore", "--machine", "MD3", "--from", missing);
        Assert.True(noFile.ExitCode == 1, noFile.ToString());
        Assert.Contains($"there is no backup file {missing}", noFile.Stderr);

        var noFolder = await SiloAsync("backup", "--machine", "MD3", "--out", Path.Combine(Cluster.Folder, "no-such-folder", "MD3.backup"));
        Assert.True(noFolder.ExitCode == 1, noFolder.ToString());
        Assert.Contains("its directory does not exist", noFolder.Stderr);
    }

    // "users=3 lists=0 …" from a backup's or a restore's summary line.
    private static Dictionary<string, long> Counts(string summary)
        => CountPattern().Matches(summary).ToDictionary(m => m.Groups[1].Value, m => long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\b(\w+)=(\d+)\b")]
    private static partial Regex CountPattern();

    private Task<ProcessResult> SiloAsync(string command, params string[] args)
        => ProcessRunner.RunAsync(DotnetHost.Path, [DotnetHost.OutputFile("Maildriver.Silo.dll"), command, "--config", Cluster.ConfigPath, .. args]);

    private async Task<string> SendToBobAsync(string subject)
        => (string)Cli.Json(await Cli.As("alice", Cluster.Gateway("MD1")).RunWithInputAsync(subject, "send", "--to", "bob", "--subject", subject))["id"]!;

    // list is local: it shows what MD2's own store holds.
    private Task WaitForBobsLettersOnMD2Async(int count)
        => WaitFor.ConditionAsync(
            async () => (await Cli.As("bob", Cluster.Gateway("MD2")).JsonAsync("list")).AsArray().Count == count,
            TimeSpan.FromSeconds(30),
            $"{count} letters delivered to bob on MD2");

    // Straight from the stopped machine's file; the connections are closed again before anything else opens it.
    private async Task<StoreState> ReadStoreAsync(string machine)
    {
        await using var database = new SqliteSiloDatabase(DataDir(machine));
        var store = new MailStore(database);
        var letters = (await store.Inboxes.ListInboxAsync("bob", withBodies: false)).Select(e => e.Header.Id).Order(StringComparer.Ordinal).ToList();
        return new StoreState((await store.ComputeDigestAsync(machine)).Digest, letters, await store.Flags.GetRebuildPendingAsync());
    }

    private sealed record StoreState(string Digest, IReadOnlyList<string> Letters, bool RebuildPending)
    {
        public bool Equals(StoreState? other)
            => other is not null && Digest == other.Digest && Letters.SequenceEqual(other.Letters) && RebuildPending == other.RebuildPending;

        public override int GetHashCode() => Digest.GetHashCode(StringComparison.Ordinal);
    }
}
