using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Maildriver.Benchmarks.Processes;

/// <summary>
/// The maildriver CLI as <c>deploy/local-cluster.sh</c> installs it: published ReadyToRun for this computer's runtime,
/// framework-dependent. Its start is mostly precompiled code, where the build output JIT-compiles Orleans's client on
/// every run, so this is the CLI a user of the local cluster times.
/// </summary>
public static class PublishedCli
{
    /// <summary>The assembly metadata key under which the build records the CLI's project file.</summary>
    public const string ProjectKey = "MaildriverCliProject";

    private static readonly TimeSpan PublishLimit = TimeSpan.FromMinutes(10);

    /// <summary>Publishes the CLI into <paramref name="folder"/> (the same command as the local cluster's build) and returns it.</summary>
    /// <exception cref="InvalidOperationException">The publish failed; its last output lines say why.</exception>
    public static async Task<BuiltExecutable> PublishAsync(string folder, CancellationToken cancellationToken)
    {
        var project = typeof(PublishedCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == ProjectKey)?.Value;
        if (string.IsNullOrEmpty(project) || !File.Exists(project))
        {
            throw new FileNotFoundException($"the CLI's project is not at '{project}'; run the benchmark from the repository's build", project);
        }

        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-o", folder, "-nologo", "-v", "quiet" })
        {
            info.ArgumentList.Add(argument);
        }

        var result = await ChildRun.RunAsync(info, PublishLimit, cancellationToken).ConfigureAwait(false);
        var assembly = Path.Combine(folder, "maildriver.dll");
        if (result.ExitCode != 0 || !File.Exists(assembly))
        {
            var output = (result.Stdout + result.Stderr).Trim().Split('\n').TakeLast(10);
            throw new InvalidOperationException($"dotnet publish of the CLI exited {result.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }

        // Run through dotnet, as deploy/maildriver.sh does.
        return new BuiltExecutable(assembly, null);
    }
}
