using System.Text.Json;

namespace Maildriver.Runtime.Messaging;

/// <summary>A grain call as it crosses a process boundary (silo to silo, or client to gateway).</summary>
public sealed class WireRequest
{
    /// <summary>Full name of the grain interface.</summary>
    public required string Interface { get; init; }

    /// <summary>The grain key.</summary>
    public required string Key { get; init; }

    /// <summary>The method name (grain interfaces have no overloads).</summary>
    public required string Method { get; init; }

    /// <summary>The arguments as a JSON array, each serialized with its declared parameter type.</summary>
    public JsonElement Arguments { get; init; }

    /// <summary>The grains waiting upstream of this call, oldest first, for cycle detection.</summary>
    public string[] CallChain { get; init; } = [];

    /// <summary>How long the caller waits, in milliseconds; the callee may give up after it.</summary>
    public int TimeoutMs { get; init; }
}
