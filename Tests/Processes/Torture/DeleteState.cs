namespace Maildriver.Tests.Processes.Torture;

/// <summary>What the client knows about deleting one user's copy of one letter.</summary>
public enum DeleteState
{
    /// <summary>A delete was sent; no answer yet.</summary>
    InFlight,

    /// <summary>Acknowledged (recorded by Master and Lieutenant): the copy must never come back.</summary>
    Acknowledged,

    /// <summary>An attempt failed and none was acknowledged after it: the copy may or may not be gone.</summary>
    Ambiguous,

    /// <summary>Refused on its only attempt, which changes nothing: the copy must still be there.</summary>
    Refused,
}
