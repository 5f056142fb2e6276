using Microsoft.Extensions.Hosting;

namespace Maildriver.Silo.Diagnostics;

/// <summary>
/// A host lifetime that does nothing. The embedded Kestrel servers live inside a silo process that owns Ctrl+C and
/// SIGTERM; the default console lifetime would let each server react to those signals on its own.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    /// <inheritdoc/>
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <inheritdoc/>
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
