namespace Maildriver.MailPorts.LineProtocol;

/// <summary>How an attempt to read one line from a client ended.</summary>
public enum LineStatus
{
    /// <summary>A whole line within the limit.</summary>
    Line,

    /// <summary>A line longer than the limit ended; it was read and thrown away.</summary>
    TooLong,

    /// <summary>A line longer than the limit has not ended after much more was thrown away; the next read goes on discarding it.</summary>
    Overflow,

    /// <summary>The client closed the connection or it broke.</summary>
    Closed,

    /// <summary>The client was silent for the idle timeout.</summary>
    IdleTimeout,

    /// <summary>The silo is stopping.</summary>
    ShuttingDown,
}
