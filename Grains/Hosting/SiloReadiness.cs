namespace Maildriver.Grains.Hosting;

/// <summary>
/// Whether this silo's gateway should serve clients yet. The application holds readiness back while it cannot
/// answer truthfully (for instance while its store is being rebuilt from the other silos); meanwhile the gateway
/// answers 503 with the reason, and clients move on to another gateway. Available to grains as a service.
/// </summary>
public sealed class SiloReadiness
{
    private readonly Lock _gate = new();
    private readonly List<Hold> _holds = [];

    /// <summary>True when nothing holds readiness back.</summary>
    public bool IsReady
    {
        get
        {
            lock (_gate)
            {
                return _holds.Count == 0;
            }
        }
    }

    /// <summary>Why the silo is not ready (the oldest hold's reason), or null when it is.</summary>
    public string? Reason
    {
        get
        {
            lock (_gate)
            {
                return _holds.Count == 0 ? null : _holds[0].Reason;
            }
        }
    }

    /// <summary>Holds readiness back until the returned handle is disposed.</summary>
    public IDisposable HoldBack(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var hold = new Hold(this, reason);
        lock (_gate)
        {
            _holds.Add(hold);
        }

        return hold;
    }

    private void Release(Hold hold)
    {
        lock (_gate)
        {
            _holds.Remove(hold);
        }
    }

    private sealed class Hold(SiloReadiness owner, string reason) : IDisposable
    {
        private int _released;

        public string Reason { get; } = reason;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release(this);
            }
        }
    }
}
