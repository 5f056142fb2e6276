using System.CommandLine;
using Maildriver.Client.Attachments;
using Maildriver.Client.Connection;
using Maildriver.Grains.Protocol;

namespace Maildriver.Client.Cli;

/// <summary>Runs one command and maps its outcome to the contract's exit codes, with the message on stderr.</summary>
internal static class CliRunner
{
    public static async Task<int> RunAsync(ParseResult parse, GlobalOptions global, Func<CliSession, Task> body)
    {
        try
        {
            await using var session = new CliSession(parse, global);
            await body(session);
            return ExitCodes.Success;
        }
        catch (UsageException ex)
        {
            await Console.Error.WriteLineAsync($"maildriver: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (GatewayUnavailableException ex)
        {
            await Console.Error.WriteLineAsync($"maildriver: {ex.Message}");
            return ExitCodes.NoGateway;
        }
        catch (Exception ex) when (ex is RequestRefusedException or AttachmentSaveException or ArgumentException or TimeoutException or SiloUnavailableException
                                       or NotMasterException or NoLieutenantException or InvalidOperationException or OrleansException)
        {
            await Console.Error.WriteLineAsync($"maildriver: {ex.Message}");
            return ExitCodes.Refused;
        }
    }
}
