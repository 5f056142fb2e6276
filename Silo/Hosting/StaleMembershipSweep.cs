using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Before this silo joins, declares dead the membership rows of silos that are certainly gone, so that a machine
/// started after a whole-cluster crash does not wait for them. Orleans makes a joining silo ping every Active row
/// and keeps trying until those rows are stale (no I-am-alive for <c>IAmAliveTablePublishTimeout ×
/// NumMissedTableIAmAliveLimit</c>: 15 s here) and its probes failed; after a crash just before, the first machine back
/// took 16–18 s to join. A row not yet Dead is declared dead here when it is an earlier incarnation of this silo (its
/// address and port, another generation: this process holds the port and the machine's data directory), when its silo
/// has shown no sign of life for that stale period, or when its silo port refuses connections (nothing listens there:
/// a silo opens that port before it writes its row, and keeps it open until it is Dead). A port that does not answer at all (another host, unreachable)
/// proves nothing and is left to Orleans's probes. The rows change through Orleans's own table contract (row ETag
/// and table version), so it works on both the SQLite and the PostgreSQL table.
/// </summary>
public sealed partial class StaleMembershipSweep(
    IMembershipTable table,
    ILocalSiloDetails local,
    IOptions<ClusterMembershipOptions> membershipOptions,
    TimeProvider clock,
    ILogger<StaleMembershipSweep> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <summary>
    /// Just before Orleans's membership table manager reads the table (<see cref="ServiceLifecycleStage.RuntimeGrainServices"/>),
    /// after the scripts of a PostgreSQL table are installed (<see cref="ServiceLifecycleStage.RuntimeInitialize"/>).
    /// </summary>
    public const int Stage = ServiceLifecycleStage.RuntimeGrainServices - 1;

    private const int Attempts = 5;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle)
        => lifecycle.Subscribe(nameof(StaleMembershipSweep), Stage, SweepAsync);

    /// <summary>Declares the gone silos' rows dead; returns how many rows it changed.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true, cancellationToken);
        var options = membershipOptions.Value;
        var staleAfter = options.IAmAliveTablePublishTimeout * options.NumMissedTableIAmAliveLimit;
        var declared = 0;
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var data = await table.ReadAllAsync(cancellationToken);
            var version = data.Version;
            var silentSince = clock.GetUtcNow().UtcDateTime - staleAfter;
            var conflict = false;
            foreach (var (entry, etag) in data.Members.Where(m => m.Item1.Status != SiloStatus.Dead).Select(m => (m.Item1, m.Item2)).ToList())
            {
                var was = entry.Status;
                var reason = entry.SiloAddress.Endpoint.Equals(local.SiloAddress.Endpoint) && entry.SiloAddress.Generation != local.SiloAddress.Generation
                    ? "an earlier incarnation of this silo"
                    : Latest(entry) < silentSince
                    ? $"no sign of life since {Latest(entry):o}"
                    : await RefusesAsync(entry, cancellationToken) ? "its silo port refuses connections" : null;
                if (reason is null)
                {
                    continue;
                }

                // The entry is this read's own copy. Every change moves the table version on, as Orleans's contract
                // asks: every other silo's next read relies on it.
                entry.Status = SiloStatus.Dead;
                version = version.Next();
                if (!await table.UpdateRowAsync(entry, etag, version, cancellationToken))
                {
                    conflict = true;
                    break;
                }

                declared++;
                LogDeclaredDead(logger, entry.SiloName, entry.SiloAddress, was, reason);
            }

            if (!conflict)
            {
                return declared;
            }
        }

        // Another silo kept changing the table: it is alive and joining, and Orleans's own probes settle the rest.
        return declared;
    }

    private static DateTime Latest(MembershipEntry entry) => entry.IAmAliveTime > entry.StartTime ? entry.IAmAliveTime : entry.StartTime;

    private static async Task<bool> RefusesAsync(MembershipEntry entry, CancellationToken cancellationToken)
    {
        using var socket = new Socket(entry.SiloAddress.Endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await socket.ConnectAsync(entry.SiloAddress.Endpoint, timeout.Token);
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (SocketException)
        {
            // Unreachable, reset, no route: not proof that nothing listens there.
            return false;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // No answer within the timeout: not proof either.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Before joining: declared {SiloName} ({SiloAddress}, {Status}) dead: {Reason}")]
    private static partial void LogDeclaredDead(ILogger logger, string siloName, SiloAddress siloAddress, SiloStatus status, string reason);
}
