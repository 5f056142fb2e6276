namespace Maildriver.Silo;

/// <summary>How <c>Maildriver.Silo</c> and its commands end.</summary>
internal static class SiloExitCodes
{
    /// <summary>Done.</summary>
    public const int Ok = 0;

    /// <summary>Refused or failed; the message on stderr says why.</summary>
    public const int Failed = 1;

    /// <summary>A bad command line or configuration.</summary>
    public const int Usage = 2;
}
