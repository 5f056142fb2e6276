using System.Globalization;
using Maildriver.Grains.Storage;

namespace Maildriver.Silo;

/// <summary>A snapshot's counts on one line, as <c>backup</c> and <c>restore</c> print them.</summary>
internal static class SnapshotSummary
{
    public static string Counts(MailSnapshotInfo info) => string.Create(
        CultureInfo.InvariantCulture,
        $"users={info.Users} lists={info.Lists} letters={info.Letters} inboxEntries={info.InboxEntries} tombstones={info.Tombstones} protoletters={info.Protoletters}");

    public static string Taken(MailSnapshotInfo info)
        => string.Create(CultureInfo.InvariantCulture, $"a backup of {info.Machine} taken {info.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC");
}
