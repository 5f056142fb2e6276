namespace Maildriver.Client.Reader;

/// <summary>What a failed request tells the reader about its outcome.</summary>
internal enum FailureKind
{
    /// <summary>The server refused it: nothing was done, and the same request would be refused again.</summary>
    Refused,

    /// <summary>No gateway in the list answered.</summary>
    Unreachable,

    /// <summary>It may or may not have been carried out (a time-out, a machine lost mid-request).</summary>
    Unknown,
}

/// <summary>A failed request, as the reader shows it.</summary>
/// <param name="Kind">What it means for the outcome.</param>
/// <param name="Message">The reason, for the user.</param>
internal sealed record Failure(FailureKind Kind, string Message);
