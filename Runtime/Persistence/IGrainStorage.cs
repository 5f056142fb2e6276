namespace Maildriver.Runtime.Persistence;

/// <summary>Stores grain state records keyed by grain and state name, with optimistic concurrency.</summary>
public interface IGrainStorage
{
    /// <summary>The stored record, or null.</summary>
    Task<StoredGrainState?> ReadAsync(GrainId grainId, string stateName, CancellationToken cancellationToken);

    /// <summary>
    /// Writes <paramref name="json"/> if the stored ETag equals <paramref name="expectedEtag"/> (null: no record may
    /// exist yet) and returns the new ETag; otherwise throws <see cref="InconsistentStateException"/>.
    /// </summary>
    Task<string> WriteAsync(GrainId grainId, string stateName, string json, string? expectedEtag, CancellationToken cancellationToken);

    /// <summary>Deletes the record if its ETag matches; throws <see cref="InconsistentStateException"/> otherwise.</summary>
    Task ClearAsync(GrainId grainId, string stateName, string? expectedEtag, CancellationToken cancellationToken);
}

/// <summary>A stored state record.</summary>
/// <param name="Json">The state serialized as JSON.</param>
/// <param name="Etag">Its version.</param>
public sealed record StoredGrainState(string Json, string Etag);
