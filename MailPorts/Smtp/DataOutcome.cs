namespace Maildriver.MailPorts.Smtp;

/// <summary>How reading the text after DATA ended.</summary>
internal enum DataOutcome
{
    /// <summary>The terminating "." arrived and the message is within the size limit.</summary>
    Complete,

    /// <summary>The terminating "." arrived, but the message was over the limit and was thrown away.</summary>
    TooBig,

    /// <summary>So much more than the limit arrived that the rest is not worth reading: the connection closes.</summary>
    FarTooBig,

    /// <summary>The connection ended (closed, idle, silo stopping) before the terminating ".".</summary>
    Ended,
}
