namespace Maildriver.MailPorts.LineProtocol;

/// <summary>The outcome of <see cref="LineConnection.ReadLineAsync"/>.</summary>
/// <param name="Status">How the read ended.</param>
/// <param name="Bytes">The line without its CRLF (or bare LF) when <paramref name="Status"/> is <see cref="LineStatus.Line"/>; else empty.</param>
/// <param name="Discarded">How many octets were thrown away (<see cref="LineStatus.TooLong"/>, <see cref="LineStatus.Overflow"/>).</param>
public readonly record struct LineRead(LineStatus Status, byte[] Bytes, long Discarded)
{
    /// <summary>A read that ended without a line.</summary>
    public static LineRead Ended(LineStatus status) => new(status, [], 0);
}
