namespace Maildriver.Client.Cli;

/// <summary>The CLI's exit codes, as the protocol contract fixes them.</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int Refused = 1;
    public const int Usage = 2;
    public const int NoGateway = 3;
}
