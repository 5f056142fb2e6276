using System.Text;

namespace Maildriver.MailPorts.Rfc5322;

/// <summary>
/// The character sets incoming mail is decoded from. The silo runs with invariant globalization, so only the
/// encodings built into .NET exist; anything else is read as UTF-8, which keeps ASCII intact and marks the rest with
/// replacement characters rather than refusing the letter.
/// </summary>
public static class Charsets
{
    /// <summary>The decoder for a MIME charset name (case-insensitive); null when the name is not one we know.</summary>
    public static Encoding? Find(string? name)
        => name?.Trim().Trim('"').ToUpperInvariant() switch
        {
            "UTF-8" or "UTF8" or "US-ASCII" or "ASCII" or "ANSI_X3.4-1968" => Encoding.UTF8,
            "ISO-8859-1" or "LATIN1" or "ISO_8859-1" or "L1" => Encoding.Latin1,
            _ => null,
        };

    /// <summary>Decodes <paramref name="bytes"/> in charset <paramref name="name"/>, or as UTF-8 when it is unknown.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes, string? name) => (Find(name) ?? Encoding.UTF8).GetString(bytes);
}
