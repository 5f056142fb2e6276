using System.Globalization;
using Maildriver.Grains.Server;
using Maildriver.Client.Connection;
using Maildriver.Tests.Support;
using Maildriver.Grains.Protocol;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// The administrator's view of the cluster through the client API (<c>Status</c> and <c>Verify</c>), over every
/// gateway. Waits poll a condition on the Master's status until a deadline; the last status and the last error
/// are kept for the failure message. One instance per loop: it remembers what it saw last.
/// </summary>
public sealed class ClusterHealth(SiloProcessCluster cluster, string adminToken) : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private readonly FailoverClient _client = TortureClients.Rotated(cluster, 0);

    public MasterStatus? LastStatus { get; private set; }

    public string? LastError { get; private set; }

    /// <summary>The last status and error, for failure messages.</summary>
    public string Describe()
        => $"last status: {(LastStatus is null ? "none" : Format(LastStatus))}{(LastError is null ? "" : $"\nlast status error: {LastError}")}";

    /// <summary>One Status call; null when it failed (the Master may be changing), the error kept in <see cref="LastError"/>.</summary>
    public async Task<MasterStatus?> TryStatusAsync()
    {
        try
        {
            var status = await _client.Server.Status(adminToken);
            LastStatus = status;
            LastError = null;
            return status;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LastError = $"{ex.GetType().Name}: {ex.Message}";
            return null;
        }
    }

    /// <summary>Polls Status until <paramref name="condition"/> holds; a <see cref="TortureFailure"/> after <paramref name="timeout"/>.</summary>
    public async Task<MasterStatus> WaitUntilAsync(Func<MasterStatus, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            // Every wait is for a cluster whose processes should all be running: one that exited by itself (a silo
            // crashes on purpose when its store refuses a write) will not come back, so say so at once.
            if (cluster.Machines.FirstOrDefault(m => !cluster.IsRunning(m)) is { } exited)
            {
                throw new TortureFailure(
                    $"{exited} exited by itself while waiting for \"{what}\"; its last errors:\n{SiloLogEvidence.CrashLines(cluster, exited)}\n{Describe()}");
            }

            if (await TryStatusAsync() is { } status && condition(status))
            {
                return status;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TortureFailure($"the cluster did not reach \"{what}\" within {timeout.TotalSeconds:0} s\n{Describe()}");
            }

            await Task.Delay(PollInterval);
        }
    }

    /// <summary>Every machine up (off the Dead Machine List) and a Lieutenant distinct from the Master.</summary>
    public static bool AllUp(MasterStatus s, IReadOnlyList<string> machines)
        => machines.All(m => s.Machines.Any(x => x.Name == m && x.Up))
           && machines.Contains(s.Master) && s.Lieutenant is not null && machines.Contains(s.Lieutenant) && s.Master != s.Lieutenant
           && s.NotAcknowledging is null;

    public async Task<VerifyReport> VerifyAsync() => await _client.Server.Verify(adminToken);

    /// <summary>Everything the Master reports, on one line.</summary>
    public static string Format(MasterStatus s)
        => Shape(s) + string.Create(
            CultureInfo.InvariantCulture,
            $"; catch-up {string.Join(", ", s.Machines.Select(m => $"{m.Name} {m.CatchupPending}"))}; live work {s.LiveWork}, pending sends {s.PendingSends}, pending requests {s.PendingDeletes}, delete queue {s.DeleteQueue}, do-you-have-it [{string.Join(',', s.DoYouHaveIt)}]");

    /// <summary>Who holds which rank and who is up: what a timeline shows each time it changes.</summary>
    public static string Shape(MasterStatus s)
        => string.Create(CultureInfo.InvariantCulture, $"master {s.Master}, lieutenant {s.Lieutenant}, epoch {s.Epoch}; ")
           + string.Join(", ", s.Machines.Select(m => $"{m.Name} {(m.Up ? "up" : "DOWN")}"));

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
