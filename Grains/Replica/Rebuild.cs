using Microsoft.Extensions.Logging;

namespace Maildriver.Grains.Replica;

/// <summary>
/// Rebuilding this machine's store from another machine's (not in the paper, which assumes a dead machine comes
/// back with its disk): a new machine, one whose disk was lost, or one restored from a backup copies a snapshot of
/// the machine the Master names, chunk by chunk, and replaces its store with it. Meanwhile it delivers nothing and
/// refuses orders (the Master's Sender keeps them), so nothing lands in a store about to be replaced.
/// </summary>
internal sealed partial class Rebuild
{
    /// <summary>A snapshot travels in chunks small enough for one call each.</summary>
    public const int ChunkBytes = 1 << 20;

    private readonly ReplicaContext _replica;
    private readonly SnapshotShelf _shelf;
    private readonly ILogger _logger;

    /// <param name="replica">The machine's replica.</param>
    /// <param name="shelf">Where the incoming snapshot waits to be imported.</param>
    /// <param name="logger">The replica's logger.</param>
    public Rebuild(ReplicaContext replica, SnapshotShelf shelf, ILogger logger)
    {
        _replica = replica;
        _shelf = shelf;
        _logger = logger;
    }

    /// <summary>True from the moment the store is known to need a rebuild until its snapshot is in.</summary>
    public bool Pending { get; private set; }

    /// <summary>Marks an empty store (a new machine, or a lost disk) as needing a rebuild, on disk, so a crash mid-rebuild resumes it.</summary>
    public Task MarkNeededAsync() => _replica.Store.Flags.SetRebuildPendingAsync(true);

    /// <summary>Reads from disk whether a rebuild is pending (marked, or left by a restore from a backup).</summary>
    public async Task<bool> ReadPendingAsync()
    {
        Pending = await _replica.Store.Flags.GetRebuildPendingAsync();
        return Pending;
    }

    /// <summary>Copies a snapshot of the machine <paramref name="master"/> names and replaces this store with it.</summary>
    public async Task CopyFromAsync(string master)
    {
        var source = await _replica.Grains.GetGrain<IMasterGrain>(master).BeginRebuild(_replica.Machine);
        LogRebuilding(_replica.Machine, source);
        var replica = _replica.Grains.GetGrain<IReplicaGrain>(source);
        var handle = await replica.OpenSnapshot();
        var incoming = _shelf.IncomingPath();
        var stopping = _replica.Silo.Stopping;
        try
        {
            await using (var file = new FileStream(incoming, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16, useAsync: true))
            {
                for (long offset = 0; offset < handle.Length;)
                {
                    var chunk = await replica.ReadSnapshot(handle.Id, offset, ChunkBytes);
                    if (chunk.Length == 0)
                    {
                        throw new InvalidDataException($"the snapshot from {source} ended at {offset} of {handle.Length} bytes");
                    }

                    await file.WriteAsync(chunk, stopping);
                    offset += chunk.Length;
                }

                await file.FlushAsync(stopping);
                file.Position = 0;
                var info = await _replica.Store.ImportSnapshotAsync(file, stopping);
                LogRebuilt(_replica.Machine, source, info.Letters, info.Users, handle.Length);
            }
        }
        finally
        {
            File.Delete(incoming);
            _ = CloseQuietlyAsync(replica, handle.Id);
        }
    }

    /// <summary>The store is whole: clears the stored flag; the caller lets delivery and orders resume.</summary>
    public async Task FinishAsync()
    {
        await _replica.Store.Flags.SetRebuildPendingAsync(false);
        Pending = false;
    }

    private static async Task CloseQuietlyAsync(IReplicaGrain replica, string snapshotId)
    {
        try
        {
            await replica.CloseSnapshot(snapshotId);
        }
        catch (Exception)
        {
            // The source deletes a snapshot left unread by itself.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Machine} is being rebuilt from a snapshot of {Source}")]
    private partial void LogRebuilding(string machine, string source);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Machine} rebuilt from {Source}: {Letters} letters, {Users} users ({Bytes} bytes of snapshot)")]
    private partial void LogRebuilt(string machine, string source, long letters, long users, long bytes);
}
