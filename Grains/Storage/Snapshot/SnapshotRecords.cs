using System.Globalization;
using System.Text.Json.Serialization;

namespace Maildriver.Grains.Storage;

// The lines of a snapshot file. The header is a line of its own; every other line is a SnapshotRow whose "t"
// names its kind, and the last one is the EndRow with the counts, so a file cut short is recognised.

/// <summary>The first line: what the file is and where it comes from.</summary>
/// <param name="Format">Always <see cref="SnapshotFormat.Name"/>.</param>
/// <param name="Version">The line format's version; a reader refuses a newer one.</param>
/// <param name="Machine">The machine the snapshot was taken on.</param>
/// <param name="CreatedAt">When it was taken.</param>
/// <param name="MailSchema">The mail schema version of the store it was taken from.</param>
internal sealed record SnapshotHeader(string Format, int Version, string Machine, DateTimeOffset CreatedAt, int MailSchema);

/// <summary>One line after the header.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "t")]
[JsonDerivedType(typeof(UserRow), "user")]
[JsonDerivedType(typeof(ListRow), "list")]
[JsonDerivedType(typeof(LetterRow), "letter")]
[JsonDerivedType(typeof(InboxRow), "inbox")]
[JsonDerivedType(typeof(TombstoneRow), "tombstone")]
[JsonDerivedType(typeof(EarlyReadRow), "earlyRead")]
[JsonDerivedType(typeof(EarlyFlagsRow), "earlyFlags")]
[JsonDerivedType(typeof(ProtoletterRow), "protoletter")]
[JsonDerivedType(typeof(EndRow), "end")]
internal abstract record SnapshotRow
{
    /// <summary>
    /// What makes the row unusable although it parsed (an empty key, a null name in a list, a time that is not
    /// one), or null. The tables' constraints would catch some of it, but only half way through the import.
    /// </summary>
    public virtual string? FindProblem() => null;

    private protected static string? Empty(string what, params string[] values)
        => values.Any(string.IsNullOrEmpty) ? $"a {what} has an empty key" : null;

    private protected static string? HasEmptyName(string what, IReadOnlyList<string> names)
        => names.Any(string.IsNullOrEmpty) ? $"{what} has an empty or null name in it" : null;

    private protected static string? LetterProblem(string what, string id, IReadOnlyList<string> to, string sentAt, string submissionKey, long size)
    {
        if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(submissionKey))
        {
            return $"a {what} has an empty id or submission key";
        }

        if (!DateTimeOffset.TryParseExact(sentAt, "O", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            return $"{what} {id} has a sent time that is not one: '{sentAt}'";
        }

        return size < 0 ? $"{what} {id} has a negative size" : HasEmptyName($"{what} {id}'s recipient list", to);
    }

    // Exactly one of the two: a row of format 2 has its message, a row of format 1 its text.
    private protected static string? BodyProblem(string what, string id, byte[]? message, string? body)
        => (message is null) == (body is null) ? $"{what} {id} needs either a message or (format 1) a body" : null;
}

/// <summary>A user, with the password hash, admin flag, and (format 3) the inbox's UIDVALIDITY and next UID here.</summary>
internal sealed record UserRow(string Name, string PasswordHash, bool IsAdmin, long UidValidity = 1, long UidNext = 1) : SnapshotRow
{
    public override string? FindProblem() => Empty("user", Name);
}

/// <summary>A mailing list.</summary>
internal sealed record ListRow(string Name, IReadOnlyList<string> Members) : SnapshotRow
{
    public override string? FindProblem() => Empty("list", Name) ?? HasEmptyName($"list {Name}", Members);
}

/// <summary>
/// A delivered letter with its body; <see cref="SentAt"/> is the stored text (see <c>MailColumns.FormatTime</c>). Format 2
/// writes the RFC 5322 <see cref="Message"/> (base64 in the JSON); format 1, before letters were MIME, wrote the text
/// alone as <see cref="Body"/>, which an import turns into a message as the store's migration 4 does.
/// </summary>
internal sealed record LetterRow(
    string Id, string From, IReadOnlyList<string> To, string Subject, string SentAt, string SubmissionKey, long Size,
    byte[]? Message = null, string? Body = null) : SnapshotRow
{
    public override string? FindProblem()
        => LetterProblem("letter", Id, To, SentAt, SubmissionKey, Size) ?? BodyProblem("letter", Id, Message, Body);
}

/// <summary>A letter in a user's inbox, with (format 3) its UID and <c>LetterFlags</c>.</summary>
internal sealed record InboxRow(string User, string Letter, bool Read, long Uid = 0, int Flags = 0) : SnapshotRow
{
    public override string? FindProblem() => Empty("inbox row", User, Letter);
}

/// <summary>A (letter, user) pair deleted here.</summary>
internal sealed record TombstoneRow(string Letter, string User) : SnapshotRow
{
    public override string? FindProblem() => Empty("tombstone", Letter, User);
}

/// <summary>A MarkRead that arrived while the letter still waited in the WorkSpace.</summary>
internal sealed record EarlyReadRow(string Letter, string User) : SnapshotRow
{
    public override string? FindProblem() => Empty("early read", Letter, User);
}

/// <summary>A flag order that arrived while the letter still waited in the WorkSpace: the flags its row starts with.</summary>
internal sealed record EarlyFlagsRow(string Letter, string User, int Flags) : SnapshotRow
{
    public override string? FindProblem() => Empty("early flags row", Letter, User);
}

/// <summary>A valid protoletter, its recipient rows beside its header, with (format 3) each one's UID (0: none yet).</summary>
internal sealed record ProtoletterRow(
    string Id, string From, IReadOnlyList<string> To, string Subject, string SentAt, string SubmissionKey, long Size,
    IReadOnlyList<string> Recipients, byte[]? Message = null, string? Body = null, IReadOnlyList<long>? Uids = null) : SnapshotRow
{
    public override string? FindProblem()
        => LetterProblem("protoletter", Id, To, SentAt, SubmissionKey, Size) ?? BodyProblem("protoletter", Id, Message, Body)
            ?? HasEmptyName($"protoletter {Id}'s recipient rows", Recipients)
            ?? (Uids is not null && Uids.Count != Recipients.Count ? $"protoletter {Id} has {Uids.Count} UIDs for {Recipients.Count} recipients" : null);
}

/// <summary>The last line: how many rows of each kind came before it.</summary>
internal sealed record EndRow(long Users, long Lists, long Letters, long Inbox, long Tombstones, long EarlyReads, long Protoletters, long EarlyFlags = 0) : SnapshotRow;
