using System.Text.Json.Nodes;
using Maildriver.Tests.Support;
using Xunit.Sdk;

namespace Maildriver.Tests.Processes;

/// <summary>
/// Builds <c>maildriver</c> command lines against a <see cref="SiloProcessCluster"/>: as which user, through which
/// gateways. Failed expectations show the CLI's output and the end of every silo's log.
/// </summary>
public sealed class CliSessionFactory(SiloProcessCluster cluster)
{
    /// <summary>Every test user's password is derived from the name, so any test can log in as anyone.</summary>
    public static string PasswordOf(string user) => user == "admin" ? SiloProcessCluster.AdminPassword : $"{user}-pw";

    /// <summary>The administrator. Its password goes in MAILDRIVER_PASSWORD, which <c>admin add-user</c> needs.</summary>
    public CliAs AsAdmin(string? gateways = null) => new(this, "admin", gateways ?? cluster.Gateways);

    /// <summary>A user, through <paramref name="gateways"/> (every gateway, MD1 first, by default).</summary>
    public CliAs As(string user, string? gateways = null) => new(this, user, gateways ?? cluster.Gateways);

    /// <summary>
    /// <c>admin add-user NAME --password NAME-pw</c> for each name, through every gateway, each followed by a wait
    /// until every running machine accepts the new user's login (add-user returns once Master and Lieutenant
    /// recorded it, not every replica).
    /// </summary>
    public async Task AddUsersAsync(params string[] names)
    {
        foreach (var name in names)
        {
            Expect(await AsAdmin().RunAsync("admin", "add-user", name, "--password", PasswordOf(name)), 0);
            await cluster.WaitForUserAsync(name, PasswordOf(name));
        }
    }

    /// <summary>Waits (up to 60 s) until <paramref name="letterId"/> is in <paramref name="user"/>'s inbox on <paramref name="machine"/>'s own store (list is local).</summary>
    public Task UntilListedAsync(string user, string machine, string letterId, string because)
        => WaitFor.ConditionAsync(
            async () => (await As(user, cluster.Gateway(machine)).JsonAsync("list")).AsArray().Any(l => (string)l!["id"]! == letterId),
            TimeSpan.FromSeconds(60),
            because);

    /// <summary>Fails unless the command ended with <paramref name="exitCode"/>.</summary>
    public void Expect(ProcessResult result, int exitCode)
    {
        if (result.ExitCode != exitCode)
        {
            throw new XunitException($"expected exit code {exitCode}, got {result}\n{cluster.LogTails()}");
        }
    }

    /// <summary>Expects success and parses stdout as JSON.</summary>
    public JsonNode Json(ProcessResult result)
    {
        Expect(result, 0);
        try
        {
            return JsonNode.Parse(result.Stdout) ?? throw new XunitException($"stdout is JSON null: {result}");
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new XunitException($"stdout is not JSON ({ex.Message}): {result}");
        }
    }

    /// <summary>One user's view of the CLI.</summary>
    public sealed class CliAs(CliSessionFactory owner, string user, string gateways)
    {
        /// <summary>Runs <c>maildriver --gateway G --user U --json ARGS</c>, the password coming from MAILDRIVER_PASSWORD.</summary>
        public Task<ProcessResult> RunAsync(params string[] args) => RunWithInputAsync(null, args);

        public Task<ProcessResult> RunWithInputAsync(string? stdin, params string[] args)
            => MaildriverCli.RunAsync(
                ["--gateway", gateways, "--user", user, "--json", .. args],
                stdin,
                new Dictionary<string, string> { ["MAILDRIVER_PASSWORD"] = PasswordOf(user) });

        /// <summary>Runs a command that must succeed and returns its JSON output.</summary>
        public async Task<JsonNode> JsonAsync(params string[] args) => owner.Json(await RunAsync(args));
    }
}
