using System.Text.Json;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>The snapshot file format: gzip-compressed JSON lines, a header, one line per row, an end line with the counts.</summary>
internal static class SnapshotFormat
{
    /// <summary>The header's <c>format</c>.</summary>
    public const string Name = "maildriver-snapshot";

    /// <summary>
    /// The line format this build writes and the newest it reads: 3 since inbox rows carry their IMAP UID and flags
    /// (users their <c>uidValidity</c> and <c>uidNext</c>, protoletters their recipients' <c>uids</c>, and early flags
    /// rows); 2 since letters are RFC 5322 messages (a letter row's <c>message</c>); 1 had the text alone
    /// (<c>body</c>). Both are still read: their inbox rows are numbered as the store's migration 5 numbers them.
    /// </summary>
    public const int Version = 3;

    /// <summary>
    /// camelCase as on the wire; a missing or null field where the record has none is an error, so a damaged line
    /// is refused instead of turning into a row with empty columns.
    /// </summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>The newest mail schema this build knows (both dialects have the same versions).</summary>
    public static int LatestMailSchema { get; } = MailMigrations.Load(SiloDatabaseProviders.Sqlite)[^1].Version;
}
