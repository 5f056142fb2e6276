using System.Globalization;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>The admin task's users and mailing lists: what was added, what was deleted, as the admin client was told.</summary>
public sealed partial class TortureLedger
{
    private readonly Dictionary<string, DirectoryEntry> _directory = new(StringComparer.Ordinal);

    /// <summary>An add is about to be sent for a name never used before in this run.</summary>
    public DirectoryEntry BeginAdd(DirectoryKind kind, string name, string password, IReadOnlyList<string> members)
    {
        var entry = new DirectoryEntry(kind, name, password, members);
        lock (_gate)
        {
            _directory.Add(name, entry);
        }

        return entry;
    }

    public void AddEnded(DirectoryEntry entry, ChangeState state, string? note = null)
    {
        lock (_gate)
        {
            entry.Added = state;
            entry.Note = note ?? entry.Note;
        }
    }

    /// <summary>
    /// Claims an entry of <paramref name="kind"/> to delete: one whose add was acknowledged and no delete of which
    /// may have happened (none sent, or only cleanly refused ones), picked by <paramref name="pick"/> from their
    /// count. Null when there is none. The claimed entry's delete is in flight from now on.
    /// </summary>
    public DirectoryEntry? ClaimForDelete(DirectoryKind kind, Func<int, int> pick)
    {
        lock (_gate)
        {
            var candidates = _directory.Values
                .Where(e => e.Kind == kind && e.Added == ChangeState.Acknowledged && e.Deleted is null or ChangeState.Refused)
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            if (candidates.Count == 0)
            {
                return null;
            }

            var entry = candidates[pick(candidates.Count)];
            entry.Deleted = ChangeState.InFlight;
            return entry;
        }
    }

    public void DeleteEnded(DirectoryEntry entry, ChangeState state, string? note = null)
    {
        lock (_gate)
        {
            entry.Deleted = state;
            entry.Note = note ?? entry.Note;
        }
    }

    /// <summary>Every user and list the admin task added or tried to add.</summary>
    public IReadOnlyList<DirectoryEntry> DirectoryEntries()
    {
        lock (_gate)
        {
            return _directory.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        }
    }

    private void CloseDirectory()
    {
        foreach (var entry in _directory.Values)
        {
            if (entry.Added == ChangeState.InFlight)
            {
                entry.Added = ChangeState.Ambiguous;
                entry.Note = "add still unacknowledged when the run ended";
            }

            if (entry.Deleted == ChangeState.InFlight)
            {
                entry.Deleted = ChangeState.Ambiguous;
                entry.Note = "delete still unacknowledged when the run ended";
            }
        }
    }

    private string DirectorySummary(DirectoryKind kind)
    {
        var entries = _directory.Values.Where(e => e.Kind == kind).ToList();
        var deletes = entries.Where(e => e.Deleted is not null).ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{(kind == DirectoryKind.User ? "users" : "lists")} added: {entries.Count} ({Tally(entries.Select(e => e.Added))}), "
            + $"deleted: {deletes.Count} ({Tally(deletes.Select(e => e.Deleted!.Value))}), {entries.Count(e => e.MustExist == true)} must exist at the end");
    }

    private static string Tally(IEnumerable<ChangeState> states)
    {
        var list = states.ToList();
        return string.Join(", ", Enum.GetValues<ChangeState>().Select(s => $"{list.Count(x => x == s)} {s}"));
    }
}
