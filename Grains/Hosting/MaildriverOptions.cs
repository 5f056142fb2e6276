using System.Text.Json;
using Maildriver.Clustering.Configuration;

namespace Maildriver.Grains.Hosting;

/// <summary>
/// The protocol's settings, read from <c>cluster.json</c>: the startup file's initial Master and Lieutenant, and
/// the optional <c>"protocol"</c> object (receive wait, letter size limit, pulse timing, token lifetime).
/// </summary>
public sealed class MaildriverOptions
{
    /// <summary>The machine that is Master when the cluster first starts.</summary>
    public required string InitialMaster { get; init; }

    /// <summary>The machine that is Lieutenant when the cluster first starts.</summary>
    public required string InitialLieutenant { get; init; }

    /// <summary>Every machine, in configuration order (the order used to pick a new Lieutenant).</summary>
    public required IReadOnlyList<string> Machines { get; init; }

    /// <summary>The longest "receive mail" waits for letters still mid-delivery before answering with what is there.</summary>
    public TimeSpan ReceiveWait { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>The largest letter body accepted, in UTF-8 bytes.</summary>
    public long MaxLetterBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>How often the Caretaker and the Lieutenant take pulses.</summary>
    public TimeSpan PulseInterval { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>How long a pulse may go unanswered before the machine is declared dead.</summary>
    public TimeSpan NoPulseTimeout { get; init; } = TimeSpan.FromMilliseconds(1200);

    /// <summary>How long a login token stays valid.</summary>
    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromHours(12);

    /// <summary>PBKDF2 iterations for new password hashes (stored in each hash, so it can change later).</summary>
    public int PasswordIterations { get; init; } = Server.PasswordHasher.DefaultIterations;

    /// <summary>Reads the settings from a loaded cluster configuration; a bad value names its field.</summary>
    public static MaildriverOptions From(ClusterConfig cluster)
    {
        var machines = cluster.Machines.Select(m => m.Name).ToList();
        var doc = cluster.Document;
        var master = MachineField(doc, "initialMaster", machines, machines[0]);
        var lieutenant = MachineField(doc, "initialLieutenant", machines, machines.Count > 1 ? machines.First(m => m != master) : master);
        if (machines.Count > 1 && master == lieutenant)
        {
            throw new ClusterConfigException("initialLieutenant: must be a different machine from initialMaster");
        }

        var options = new MaildriverOptions { InitialMaster = master, InitialLieutenant = lieutenant, Machines = machines };
        if (doc.ValueKind != JsonValueKind.Object || !doc.TryGetProperty("protocol", out var p))
        {
            return options;
        }

        if (p.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterConfigException("protocol: must be an object");
        }

        var maxLetterBytes = Number(p, "maxLetterBytes", options.MaxLetterBytes);
        return new MaildriverOptions
        {
            InitialMaster = master,
            InitialLieutenant = lieutenant,
            Machines = machines,
            ReceiveWait = Millis(p, "receiveWaitMs", options.ReceiveWait),
            MaxLetterBytes = maxLetterBytes,
            PulseInterval = Millis(p, "pulseIntervalMs", options.PulseInterval),
            NoPulseTimeout = Millis(p, "noPulseTimeoutMs", options.NoPulseTimeout),
            TokenLifetime = TimeSpan.FromSeconds(Number(p, "tokenLifetimeSeconds", (long)options.TokenLifetime.TotalSeconds)),
            PasswordIterations = (int)Math.Min(int.MaxValue, Number(p, "passwordIterations", options.PasswordIterations)),
        };
    }

    private static string MachineField(JsonElement doc, string name, List<string> machines, string fallback)
    {
        if (doc.ValueKind != JsonValueKind.Object || !doc.TryGetProperty(name, out var v))
        {
            return fallback;
        }

        var s = v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        if (s is null || !machines.Contains(s))
        {
            throw new ClusterConfigException($"{name}: must name one of the machines ({string.Join(", ", machines)})");
        }

        return s;
    }

    private static TimeSpan Millis(JsonElement p, string name, TimeSpan fallback)
        => p.TryGetProperty(name, out _) ? TimeSpan.FromMilliseconds(Number(p, name, 0)) : fallback;

    private static long Number(JsonElement p, string name, long fallback)
    {
        if (!p.TryGetProperty(name, out var v))
        {
            return fallback;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt64(out var n) || n <= 0)
        {
            throw new ClusterConfigException($"protocol.{name}: must be a positive whole number");
        }

        return n;
    }
}
