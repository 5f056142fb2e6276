using Maildriver.Grains.Server;
using Maildriver.Client.Connection;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// One workload task's own <see cref="FailoverClient"/>, counting its fail-overs. A request whose call failed over
/// may have been carried out by the gateway that broke, so a refusal that follows one is not a clean "no". Every
/// fail-over is also counted in the ledger's events (<c>client.failover</c>): a call the client repeated at another
/// gateway by itself, which the task never sees as an error.
/// </summary>
public sealed class WorkloadClient : IAsyncDisposable
{
    private readonly FailoverClient _client;
    private int _failovers;

    public WorkloadClient(FailoverClient client, TortureLedger ledger)
    {
        _client = client;
        _client.GatewayChanged += _ =>
        {
            Interlocked.Increment(ref _failovers);
            ledger.Count("client.failover");
        };
    }

    public IMailServer Server => _client.Server;

    /// <summary>The gateway the next call goes to first (the one that answered last).</summary>
    public string Gateway => _client.CurrentGateway;

    public int Failovers => Volatile.Read(ref _failovers);

    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
