namespace Maildriver.Grains.Storage;

/// <summary>How many rows of each kind a snapshot has written or read so far.</summary>
internal sealed class SnapshotCounts
{
    private long _users;
    private long _lists;
    private long _letters;
    private long _inbox;
    private long _tombstones;
    private long _earlyReads;
    private long _protoletters;
    private long _earlyFlags;

    /// <summary>Counts one row; the end record is not a row.</summary>
    public void Add(SnapshotRow row)
    {
        switch (row)
        {
            case UserRow: _users++; break;
            case ListRow: _lists++; break;
            case LetterRow: _letters++; break;
            case InboxRow: _inbox++; break;
            case TombstoneRow: _tombstones++; break;
            case EarlyReadRow: _earlyReads++; break;
            case ProtoletterRow: _protoletters++; break;
            case EarlyFlagsRow: _earlyFlags++; break;
            default: throw new ArgumentOutOfRangeException(nameof(row), row.GetType().Name, "not a row that is counted");
        }
    }

    /// <summary>The end record for these counts.</summary>
    public EndRow ToEnd() => new(_users, _lists, _letters, _inbox, _tombstones, _earlyReads, _protoletters, _earlyFlags);

    /// <summary>The counts as the public summary.</summary>
    public MailSnapshotInfo ToInfo(SnapshotHeader header)
        => new(header.Machine, header.CreatedAt, _users, _lists, _letters, _inbox, _tombstones, _protoletters);
}
