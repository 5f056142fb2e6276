namespace Maildriver.MailPorts.Rfc5322;

/// <summary>
/// Letters are stored with "\n" line ends (as the CLI and the reader write them); messages on the wire use CRLF.
/// A bare CR, which RFC 5322 does not allow in a message, is read as a line end too.
/// </summary>
public static class LineEnds
{
    /// <summary>CRLF, lone CR and LF all become "\n".</summary>
    public static string ToLf(string text)
        => text.Contains('\r', StringComparison.Ordinal) ? text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : text;

    /// <summary>Every line end becomes CRLF.</summary>
    public static string ToCrlf(string text) => ToLf(text).Replace("\n", "\r\n", StringComparison.Ordinal);
}
