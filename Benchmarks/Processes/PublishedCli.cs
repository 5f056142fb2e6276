using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;

namespace Maildriver.Benchmarks.Processes;

/// <summary>
/// The maildriver CLI as <c>deploy/local-cluster.sh</c> installs it: published for this computer's runtime,
/// self-contained, as one composite ReadyToRun image of the CLI, Orleans's client and the part of .NET they use
/// (<c>Client.Tui/ReadyToRunComposite.targets</c>). Its start is precompiled code, where the build output JIT-compiles
/// Orleans's client on every run, so this is the CLI a user of the local cluster times.
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
        foreach (var argument in new[] { "publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "true", "-p:PublishReadyToRunComposite=true", "-o", folder, "-nologo", "-v", "quiet" })
        {
            info.ArgumentList.Add(argument);
        }

        var result = await ChildRun.RunAsync(info, PublishLimit, cancellationToken).ConfigureAwait(false);
        var assembly = Path.Combine(folder, "maildriver.dll");
        var launcher = Path.Combine(folder, OperatingSystem.IsWindows() ? "maildriver.exe" : "maildriver");
        if (result.ExitCode != 0 || !File.Exists(launcher))
        {
            var output = (result.Stdout + result.Stderr).Trim().Split('\n').TakeLast(10);
            throw new InvalidOperationException($"dotnet publish of the CLI exited {result.ExitCode}:{Environment.NewLine}{string.Join(Environment.NewLine, output)}");
        }

        // Run through its own launcher, as deploy/maildriver.sh does: a self-contained program carries its runtime.
        return new BuiltExecutable(assembly, launcher);
    }
}
