namespace Maildriver.Client.Reader;

/// <summary>How the reader stands with the cluster.</summary>
internal enum LinkState
{
    /// <summary>Not logged in yet.</summary>
    Offline,

    /// <summary>The last request was answered.</summary>
    Connected,

    /// <summary>The connected gateway failed; the client is repeating the request on <see cref="Connection.Target"/>.</summary>
    Reconnecting,

    /// <summary>No gateway in the list answered.</summary>
    Unreachable,
}

/// <summary>The status line's view of the connection.</summary>
/// <param name="State">Where things stand.</param>
/// <param name="Machine">The machine the client is connected to (from Hello), if known.</param>
/// <param name="Master">The machine it believes is Master, if known.</param>
/// <param name="Target">While reconnecting: the machine (or, if not known, the gateway) being tried.</param>
/// <param name="Machines">Gateway address → machine name, as learned from Hello answers.</param>
internal sealed record Connection(LinkState State, string? Machine, string? Master, string? Target, IReadOnlyDictionary<string, string> Machines)
{
    public static Connection None { get; } = new(LinkState.Offline, null, null, null, new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Every gateway has been asked which machine it is (once, after the first list).</summary>
    public bool MachinesAsked { get; init; }

    /// <summary>The machine behind a gateway address, else the address itself.</summary>
    public string NameOf(string gateway) => Machines.TryGetValue(gateway, out var machine) ? machine : gateway;

    public Connection Learn(string gateway, string machine)
    {
        if (Machines.TryGetValue(gateway, out var known) && known == machine)
        {
            return this;
        }

        var machines = new Dictionary<string, string>(Machines, StringComparer.Ordinal) { [gateway] = machine };
        return this with { Machines = machines };
    }
}
