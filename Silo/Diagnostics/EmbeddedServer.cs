using Microsoft.AspNetCore.Builder;

namespace Maildriver.Silo.Diagnostics;

/// <summary>
/// The life of one embedded Kestrel app (silo port, gateway port, dashboard port): started at most once, stopped at
/// most once, orderly or cut at once, and a stop that races the start still stops what the start brought up.
/// </summary>
internal sealed class EmbeddedServer
{
    private readonly Lock _gate = new();
    private WebApplication? _app;
    private bool _started;
    private bool _stopped;

    /// <summary>Claims the single start; throws if <paramref name="owner"/> was started or stopped before.</summary>
    public void BeginStart(object owner)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_stopped, owner);
            if (_started)
            {
                throw new InvalidOperationException($"{owner.GetType().Name} is already started");
            }

            _started = true;
        }
    }

    /// <summary>Starts <paramref name="app"/>; a failed start disposes it, a stop that came meanwhile stops it.</summary>
    public async Task StartAsync(WebApplication app, CancellationToken cancellationToken)
    {
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        bool stoppedMeanwhile;
        lock (_gate)
        {
            stoppedMeanwhile = _stopped;
            if (!stoppedMeanwhile)
            {
                _app = app;
            }
        }

        if (stoppedMeanwhile)
        {
            await EmbeddedKestrel.StopAsync(app, abort: true).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Claims the single stop: false if it was claimed before; otherwise the app to stop (null if none started).
    /// </summary>
    public bool TryBeginStop(out WebApplication? app)
    {
        lock (_gate)
        {
            app = null;
            if (_stopped)
            {
                return false;
            }

            _stopped = true;
            app = _app;
            _app = null;
            return true;
        }
    }

    /// <summary>Stops the app once (<paramref name="abort"/>: cut every connection at once).</summary>
    public async Task StopAsync(bool abort)
    {
        if (TryBeginStop(out var app) && app is not null)
        {
            await EmbeddedKestrel.StopAsync(app, abort).ConfigureAwait(false);
        }
    }
}
