using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Maildriver.Tests.Support;
using Xunit.Sdk;

namespace Maildriver.Tests.MailProtocols.Support;

/// <summary>
/// Runs <c>Tests/MailProtocols/Clients/imap_session.py</c>, one session of the standard library's <c>imaplib</c>,
/// and gives each step's answer: its status (<c>OK</c>, <c>BYE</c>…) and its data as text, a literal's octets
/// included (the script writes octets as Latin-1, so <see cref="Octets"/> turns them back into the exact bytes).
/// </summary>
public sealed class PythonImapSession
{
    private readonly JsonNode _report;

    private PythonImapSession(JsonNode report) => _report = report;

    /// <summary>The UID of the INBOX's last message when the session began, as <c>imaplib</c> read it.</summary>
    public string LastUid => (string)_report["lastUid"]!;

    /// <summary>Logs in as <paramref name="user"/> (password NAME-pw) at <paramref name="port"/> and runs the session.</summary>
    public static async Task<PythonImapSession> RunAsync(int port, string user)
    {
        var python = ExternalTool.Require("python3", "python3");
        var script = Path.Combine(RepositoryRoot.Path, "Tests", "MailProtocols", "Clients", "imap_session.py");
        var result = await ProcessRunner.RunAsync(
            python, [script, port.ToString(CultureInfo.InvariantCulture), user, $"{user}-pw"], timeout: TimeSpan.FromSeconds(90));
        if (result.ExitCode != 0)
        {
            throw new XunitException($"python3 imap_session.py failed: {result}");
        }

        return new PythonImapSession(JsonNode.Parse(result.Stdout) ?? throw new XunitException($"imap_session.py printed JSON null: {result}"));
    }

    /// <summary>The status word of the step named <paramref name="command"/>.</summary>
    public string Status(string command) => (string)Step(command)["typ"]!;

    /// <summary>The step's data: one text per item, a literal's parts joined (imaplib gives it as a tuple).</summary>
    public List<string> Data(string command)
        => Step(command)["data"]!.AsArray().Select(item => item is JsonArray parts ? string.Concat(parts.Select(p => (string)p!)) : (string?)item ?? "").ToList();

    /// <summary>The second part of the step's first tuple: the octets of the literal it carried.</summary>
    public byte[] Octets(string command) => Encoding.Latin1.GetBytes((string)Step(command)["data"]![0]![1]!);

    /// <summary>What <c>imaplib.response(name)</c> held after SELECT: the untagged answers or response codes so named.</summary>
    public List<string> Code(string name) => _report["codes"]![name]!.AsArray().Select(c => (string?)c ?? "").ToList();

    private JsonNode Step(string command)
        => _report["steps"]!.AsArray().SingleOrDefault(s => (string)s!["command"]! == command)
           ?? throw new XunitException($"imap_session.py has no step {command}: {_report.ToJsonString()}");
}
