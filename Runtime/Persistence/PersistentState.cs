using System.Text.Json;
using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Persistence;

/// <summary>
/// A grain's named state kept in an <see cref="IGrainStorage"/> as JSON in the wire dialect. Like the rest of a
/// grain it is used from the activation's turn only, so it takes no locks.
/// </summary>
/// <typeparam name="TState">The state's type.</typeparam>
public sealed class PersistentState<TState> : IPersistentState<TState>, IPersistentStateLoader where TState : new()
{
    private readonly GrainId _grainId;
    private readonly string _stateName;
    private readonly IGrainStorage _storage;

    /// <summary>A state not read yet: <see cref="State"/> is a fresh <typeparamref name="TState"/> until <see cref="ReadStateAsync"/>.</summary>
    /// <param name="grainId">The grain owning it.</param>
    /// <param name="stateName">Its name, unique within the grain type.</param>
    /// <param name="storage">Where it is kept.</param>
    public PersistentState(GrainId grainId, string stateName, IGrainStorage storage)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateName);
        ArgumentNullException.ThrowIfNull(storage);
        _grainId = grainId;
        _stateName = stateName;
        _storage = storage;
        State = new TState();
    }

    /// <inheritdoc/>
    public TState State { get; set; }

    /// <inheritdoc/>
    public string? Etag { get; private set; }

    /// <inheritdoc/>
    public bool RecordExists { get; private set; }

    /// <inheritdoc/>
    public async Task ReadStateAsync(CancellationToken cancellationToken = default)
    {
        var stored = await _storage.ReadAsync(_grainId, _stateName, cancellationToken);
        if (stored is null)
        {
            State = new TState();
            Etag = null;
            RecordExists = false;
            return;
        }

        State = JsonSerializer.Deserialize<TState>(stored.Json, WireSerializer.Options) ?? new TState();
        Etag = stored.Etag;
        RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task WriteStateAsync(CancellationToken cancellationToken = default)
    {
        var json = JsonSerializer.Serialize(State, WireSerializer.Options);

        // Etag changes only once the storage accepted the write, so a lost race leaves this object as it was.
        Etag = await _storage.WriteAsync(_grainId, _stateName, json, Etag, cancellationToken);
        RecordExists = true;
    }

    /// <inheritdoc/>
    public async Task ClearStateAsync(CancellationToken cancellationToken = default)
    {
        await _storage.ClearAsync(_grainId, _stateName, Etag, cancellationToken);
        State = new TState();
        Etag = null;
        RecordExists = false;
    }
}
