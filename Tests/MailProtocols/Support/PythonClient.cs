using System.Globalization;
using System.Text.Json.Nodes;
using Maildriver.Tests.Support;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.Support;

/// <summary>
/// Runs the Python scripts in <c>Tests/MailProtocols/Clients</c>, which use only the standard library's
/// <c>smtplib</c>, <c>poplib</c> and <c>email</c> packages, and parses the JSON they print.
/// </summary>
public static class PythonClient
{
    /// <summary><c>smtp_send.py</c>: submits one message; returns its JSON report.</summary>
    public static Task<JsonNode> SendAsync(int port, string user, string from, IEnumerable<string> to, string subject, string body, params string[] options)
        => RunAsync("smtp_send.py", [Port(port), user, $"{user}-pw", from, string.Join(',', to), subject, body, .. options]);

    /// <summary><c>pop3_fetch.py</c>: opens the maildrop and reads every message; returns its JSON report.</summary>
    public static Task<JsonNode> FetchAsync(int port, string user, params string[] options)
        => RunAsync("pop3_fetch.py", [Port(port), user, $"{user}-pw", .. options]);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);

    private static async Task<JsonNode> RunAsync(string script, string[] args)
    {
        var python = ExternalTool.Require("python3", "python3");
        var path = Path.Combine(RepositoryRoot.Path, "Tests", "MailProtocols", "Clients", script);
        var result = await ProcessRunner.RunAsync(python, [path, .. args], timeout: TimeSpan.FromSeconds(60));
        if (result.ExitCode != 0)
        {
            throw new XunitException($"python3 {script} failed: {result}");
        }

        return JsonNode.Parse(result.Stdout) ?? throw new XunitException($"python3 {script} printed JSON null: {result}");
    }
}
