namespace Maildriver.Runtime.Hosting;

/// <summary>Runtime settings of a silo.</summary>
public sealed class SiloOptions
{
    /// <summary>How long any grain call may take before the caller gets a <see cref="TimeoutException"/>.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an activation may sit idle before it is deactivated.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often idle activations are looked for.</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether this silo serves clients on its gateway port.</summary>
    public bool EnableGateway { get; set; } = true;
}
