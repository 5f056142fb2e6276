namespace Maildriver.Tests.Support;

/// <summary>Runs the real <c>maildriver</c> command line (the Client.Tui build copied next to the tests).</summary>
public static class MaildriverCli
{
    // Variables the CLI falls back on. A developer who exported them for a local cluster must not steer the tests,
    // so they are cleared unless a test sets them on purpose.
    private static readonly string[] ClientVariables = ["MAILDRIVER_GATEWAYS", "MAILDRIVER_USER", "MAILDRIVER_PASSWORD", "MAILDRIVER_CA_FILE", "MAILDRIVER_CLUSTER_ID"];

    private static readonly Lazy<string> Dll = new(() => DotnetHost.OutputFile("maildriver.dll"));

    /// <summary>
    /// Runs <c>maildriver <paramref name="args"/></c> and returns its exit code and output. The CLI's own call
    /// timeout is 60 s, so the default 90 s limit only catches a hung client.
    /// </summary>
    public static Task<ProcessResult> RunAsync(
        string[] args,
        string? stdin = null,
        IDictionary<string, string>? env = null,
        TimeSpan? timeout = null)
    {
        var environment = ClientVariables.ToDictionary(v => v, string? (_) => null);
        foreach (var (name, value) in env ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        return ProcessRunner.RunAsync(DotnetHost.Path, [Dll.Value, .. args], stdin, environment, timeout ?? TimeSpan.FromSeconds(90));
    }
}
