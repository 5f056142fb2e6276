namespace Maildriver.Tests.Processes.Torture;

/// <summary>What the client knows about one submission.</summary>
public enum SendState
{
    /// <summary>Being sent; no answer yet.</summary>
    InFlight,

    /// <summary>The cluster acknowledged it with a letter id: the letter must never be lost.</summary>
    Acknowledged,

    /// <summary>Never acknowledged after an attempt whose outcome is unknown: the letter may exist, at most once.</summary>
    Ambiguous,

    /// <summary>Refused on its only attempt, which changes nothing: the letter must not exist.</summary>
    Refused,
}
