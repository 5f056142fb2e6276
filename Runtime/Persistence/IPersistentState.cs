namespace Maildriver.Runtime.Persistence;

/// <summary>
/// A grain's persistent state, as in Orleans: loaded before <c>OnActivateAsync</c>, written on demand.
/// Every write carries the ETag of the last read or write; a write that lost a race throws
/// <see cref="InconsistentStateException"/> and changes nothing.
/// </summary>
public interface IPersistentState<TState> where TState : new()
{
    /// <summary>The state; a fresh <typeparamref name="TState"/> when nothing is stored.</summary>
    TState State { get; set; }

    /// <summary>The version of the stored record this activation last saw; null when none exists.</summary>
    string? Etag { get; }

    /// <summary>Whether a record is stored.</summary>
    bool RecordExists { get; }

    /// <summary>Reads the stored state again.</summary>
    Task ReadStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Writes the state in one transaction.</summary>
    Task WriteStateAsync(CancellationToken cancellationToken = default);

    /// <summary>Removes the stored record and resets <see cref="State"/>.</summary>
    Task ClearStateAsync(CancellationToken cancellationToken = default);
}

/// <summary>Marks a grain constructor parameter of type <see cref="IPersistentState{TState}"/> to be bound to stored state.</summary>
/// <param name="stateName">The state's name, unique within the grain type.</param>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName) : Attribute
{
    /// <summary>The state's name.</summary>
    public string StateName { get; } = stateName;
}
