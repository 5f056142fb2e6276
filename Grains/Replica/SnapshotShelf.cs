namespace Maildriver.Grains.Replica;

/// <summary>
/// Snapshot files on this machine's disk while a machine being rebuilt copies them: written in one go from a
/// consistent read of the store, read back in chunks over as many calls as it takes, deleted when closed or when
/// left unread for <see cref="IdleLimit"/> (the reader died). Also where an incoming snapshot waits to be imported.
/// </summary>
public sealed class SnapshotShelf
{
    /// <summary>How long an open snapshot may lie unread before it is deleted.</summary>
    public static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(10);

    private const string Extension = ".snapshot";
    private readonly string _folder;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, DateTimeOffset> _lastRead = new(StringComparer.Ordinal);

    /// <summary>Keeps snapshots in <paramref name="folder"/>; files left there by an earlier process are deleted.</summary>
    public SnapshotShelf(string folder, TimeProvider time)
    {
        _folder = folder;
        _time = time;
        if (Directory.Exists(folder))
        {
            foreach (var stale in Directory.EnumerateFiles(folder, "*" + Extension))
            {
                File.Delete(stale);
            }
        }
    }

    /// <summary>Writes a new snapshot with <paramref name="write"/> and returns its handle.</summary>
    public async Task<SnapshotHandle> OpenAsync(Func<Stream, Task> write)
    {
        ExpireIdle();
        var id = Guid.NewGuid().ToString("N");
        var path = PathOf(id);
        Directory.CreateDirectory(_folder);
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                await write(file);
            }

            lock (_gate)
            {
                _lastRead[id] = _time.GetUtcNow();
            }

            return new SnapshotHandle(id, new FileInfo(path).Length);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>Up to <paramref name="count"/> bytes from <paramref name="offset"/>; empty at the end.</summary>
    public async Task<byte[]> ReadAsync(string id, long offset, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        lock (_gate)
        {
            if (!_lastRead.ContainsKey(id))
            {
                throw new InvalidOperationException($"no open snapshot '{id}' (closed, or left unread too long)");
            }

            _lastRead[id] = _time.GetUtcNow();
        }

        await using var file = new FileStream(PathOf(id), FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        file.Position = Math.Min(offset, file.Length);
        var buffer = new byte[(int)Math.Min(count, file.Length - file.Position)];
        await file.ReadExactlyAsync(buffer);
        return buffer;
    }

    /// <summary>Deletes a snapshot; closing one twice or an unknown one does nothing.</summary>
    public void Close(string id)
    {
        lock (_gate)
        {
            if (!_lastRead.Remove(id))
            {
                return;
            }
        }

        File.Delete(PathOf(id));
    }

    /// <summary>A fresh path for a snapshot being received from another machine.</summary>
    public string IncomingPath()
    {
        Directory.CreateDirectory(_folder);
        return Path.Combine(_folder, "incoming-" + Guid.NewGuid().ToString("N") + Extension);
    }

    private void ExpireIdle()
    {
        List<string> idle;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            idle = _lastRead.Where(e => now - e.Value > IdleLimit).Select(e => e.Key).ToList();
        }

        idle.ForEach(Close);
    }

    // The id comes from another machine: only a name this shelf made may become a path.
    private string PathOf(string id)
        => id.Length == 32 && id.All(char.IsAsciiHexDigitLower)
            ? Path.Combine(_folder, id + Extension)
            : throw new ArgumentException($"'{id}' is not a snapshot id", nameof(id));
}
