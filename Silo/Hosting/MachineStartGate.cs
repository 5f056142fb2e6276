using Maildriver.Clustering.Configuration;
using Microsoft.Extensions.Hosting;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// What must hold before a machine writes anything, checked as the host starts: after the options were validated
/// (<c>ValidateOnStart</c>, the host's first step) and before any service starts. The membership store cluster.json
/// names must answer, then the data directory is claimed (<see cref="DataDirectoryLock"/>, which creates it) and held
/// until the host is disposed. So a configuration that cannot work, a membership store that is down, or a second
/// process of the same machine leaves no data directory behind that was not there before.
/// </summary>
/// <param name="membership">The membership store to check.</param>
/// <param name="dataDir">The machine's data directory.</param>
public sealed class MachineStartGate(MembershipConfig membership, string dataDir) : IHostedLifecycleService, IDisposable
{
    private DataDirectoryLock? _lock;

    /// <summary>Checks the membership store, then takes the data directory.</summary>
    /// <exception cref="MachineStartRefusedException">The store does not answer, or another process holds the directory.</exception>
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        if (await MembershipPreflight.CheckAsync(membership, cancellationToken).ConfigureAwait(false) is { } unreachable)
        {
            throw new MachineStartRefusedException(unreachable);
        }

        _lock = DataDirectoryLock.TryAcquire(dataDir)
                ?? throw new MachineStartRefusedException($"another process uses its data directory ({DataDirectoryLock.PathFor(dataDir)} is held)");
    }

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc />
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// Releases the data directory. When the host is disposed, not when it stops: the machine's database is closed by
    /// then, and another process may have it.
    /// </summary>
    public void Dispose() => _lock?.Dispose();
}
