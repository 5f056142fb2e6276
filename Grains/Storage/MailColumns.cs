using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Storage;

namespace Maildriver.Grains.Storage;

/// <summary>How the mail tables hold values, the same way on SQLite and PostgreSQL.</summary>
internal static class MailColumns
{
    /// <summary>A letter header's columns in <c>letters</c> and <c>protoletters</c>, in the order <see cref="ReadHeader"/> reads them.</summary>
    public const string Header = "letter_id, sender, recipients, subject, sent_at, submission_key, size";

    /// <summary>The parameters <see cref="Header"/>'s columns are inserted from, named after them.</summary>
    public const string HeaderValues = "@id, @sender, @recipients, @subject, @sentAt, @submissionKey, @size";

    /// <summary>Binds a letter's header and body to <see cref="HeaderValues"/> and <c>@body</c>.</summary>
    public static (string Name, object Value)[] LetterParameters(Letter letter)
    {
        var header = letter.Header;
        return
        [
            ("@id", header.Id),
            ("@sender", header.From),
            ("@recipients", FormatNames(header.To)),
            ("@subject", header.Subject),
            ("@sentAt", FormatTime(header.SentAt)),
            ("@submissionKey", header.SubmissionKey),
            ("@size", header.Size),
            ("@body", letter.Message),
        ];
    }

    /// <summary>Reads the <see cref="Header"/> columns starting at <paramref name="first"/>.</summary>
    public static LetterHeader ReadHeader(DbDataReader reader, int first = 0) => new(
        reader.GetString(first),
        reader.GetString(first + 1),
        ParseNames(reader.GetString(first + 2)),
        reader.GetString(first + 3),
        ParseTime(reader.GetString(first + 4)),
        reader.GetString(first + 5),
        ToInt64(reader.GetValue(first + 6)));

    /// <summary>Reads a <c>body</c> column: the letter's RFC 5322 message, as bytes (BLOB on SQLite, bytea on PostgreSQL).</summary>
    public static byte[] ReadMessage(DbDataReader reader, int ordinal) => reader.GetFieldValue<byte[]>(ordinal);

    /// <summary>
    /// ISO-8601 in UTC with all seven fractional digits: exact to the tick, fixed width, so text order is time order.
    /// </summary>
    public static string FormatTime(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Reads a time written by <see cref="FormatTime"/>.</summary>
    public static DateTimeOffset ParseTime(string text) => DateTimeOffset.ParseExact(text, "O", CultureInfo.InvariantCulture, DateTimeStyles.None);

    /// <summary>A list of user names as a JSON array.</summary>
    public static string FormatNames(IReadOnlyList<string> names) => JsonSerializer.Serialize(names, StoreJson.Options);

    /// <summary>Reads a JSON array written by <see cref="FormatNames"/>.</summary>
    public static IReadOnlyList<string> ParseNames(string json)
        => JsonSerializer.Deserialize<string[]>(json, StoreJson.Options) ?? throw new JsonException("A stored name list is JSON null.");

    /// <summary>A header as the JSON kept in <c>master_letters</c>.</summary>
    public static string FormatHeader(LetterHeader header) => JsonSerializer.Serialize(header, StoreJson.Options);

    /// <summary>Reads a header written by <see cref="FormatHeader"/>.</summary>
    public static LetterHeader ParseHeader(string json)
        => JsonSerializer.Deserialize<LetterHeader>(json, StoreJson.Options) ?? throw new JsonException("A stored letter header is JSON null.");

    /// <summary>The <c>state</c> column's text.</summary>
    public static string FormatState(ProtoletterState state) => state switch
    {
        ProtoletterState.Bogus => "bogus",
        ProtoletterState.Valid => "valid",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    /// <summary>Reads the <c>state</c> column.</summary>
    public static ProtoletterState ParseState(string text) => text switch
    {
        "bogus" => ProtoletterState.Bogus,
        "valid" => ProtoletterState.Valid,
        _ => throw new FormatException($"Unknown protoletter state '{text}'."),
    };

    /// <summary>Flags are stored as 0 or 1, since the SQL compares them with literals on both engines.</summary>
    public static int FormatFlag(bool flag) => flag ? 1 : 0;

    /// <summary>Reads a 0/1 flag.</summary>
    public static bool ParseFlag(object? value) => ToInt64(value) != 0;

    /// <summary>An integer column: SQLite returns <see cref="long"/>, PostgreSQL int, bigint or numeric (for sums).</summary>
    public static long ToInt64(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    /// <summary>Refuses a letter with a missing part before anything is written.</summary>
    public static void Validate(Letter? letter, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(letter, parameterName);
        var header = letter.Header ?? throw new ArgumentException("The letter has no header.", parameterName);
        if (string.IsNullOrEmpty(header.Id) || header.From is null || header.To is null || header.Subject is null
            || string.IsNullOrEmpty(header.SubmissionKey) || letter.Message is null || header.To.Any(n => n is null))
        {
            throw new ArgumentException($"Letter '{header.Id}' lacks an id, sender, recipient list, subject, submission key or body.", parameterName);
        }
    }
}
