namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// What the client knows about one read, or one add or delete of a user or mailing list: the same four outcomes
/// as a send, counted only from what the client was told.
/// </summary>
public enum ChangeState
{
    /// <summary>Sent; no answer yet.</summary>
    InFlight,

    /// <summary>Acknowledged: the change must hold on every machine (until a later acknowledged change undoes it).</summary>
    Acknowledged,

    /// <summary>An attempt failed and none was acknowledged after it: the change may or may not have happened.</summary>
    Ambiguous,

    /// <summary>Refused on a clean attempt (the first, or none failed before it), which changes nothing.</summary>
    Refused,
}
