using Maildriver.Tests.Support;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.Support;

/// <summary>Runs Debian's <c>curl</c>, a real SMTP, POP3 and IMAP client, quietly but with its errors, within a minute.</summary>
public static class Curl
{
    /// <summary>
    /// Runs <c>curl --silent --show-error --max-time 60 ARGS</c>; unless <paramref name="expectSuccess"/> is false a
    /// non-zero exit fails the test with curl's output and <paramref name="logs"/> (the silos' logs).
    /// </summary>
    public static async Task<ProcessResult> RunAsync(string[] args, Func<string> logs, bool expectSuccess = true)
    {
        var curl = ExternalTool.Require("curl", "curl");
        var result = await ProcessRunner.RunAsync(curl, ["--silent", "--show-error", "--max-time", "60", .. args], timeout: TimeSpan.FromSeconds(90));
        if (expectSuccess && result.ExitCode != 0)
        {
            throw new XunitException($"curl {string.Join(' ', args)} failed: {result}\n{logs()}");
        }

        return result;
    }
}
