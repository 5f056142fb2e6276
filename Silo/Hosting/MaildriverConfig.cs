using System.Text.Json;
using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Hosting;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Reads <see cref="MaildriverOptions"/> from <c>cluster.json</c>: <c>initialMaster</c>, <c>initialLieutenant</c> and
/// the optional <c>"protocol"</c> object. Here and not in Grains/, which is handed its options.
/// </summary>
public static class MaildriverConfig
{
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
