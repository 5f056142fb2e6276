namespace Maildriver.Benchmarks.ImapScenario;

/// <summary>What one IMAP command got back, and how long from writing it to reading its tagged answer.</summary>
/// <param name="Status">The tagged answer's status: <c>OK</c>, <c>NO</c> or <c>BAD</c>.</param>
/// <param name="Text">The tagged answer's line, for an error message.</param>
/// <param name="Fetches">Untagged <c>FETCH</c> responses before it.</param>
/// <param name="Exists">The last untagged <c>EXISTS</c> count before it, or -1.</param>
/// <param name="Elapsed">From the first byte of the command written to the tagged line read.</param>
public sealed record ImapReply(string Status, string Text, int Fetches, int Exists, TimeSpan Elapsed)
{
    /// <summary>Throws unless the command was answered OK.</summary>
    /// <exception cref="InvalidOperationException">It was not.</exception>
    public ImapReply EnsureOk(string command)
        => Status == "OK" ? this : throw new InvalidOperationException($"IMAP '{command}' was answered: {Text}");
}
