using System.Diagnostics;
using System.Reflection;

namespace Maildriver.Benchmarks.Processes;

/// <summary>
/// A .NET program of this repository that the benchmark runs as a child process (Maildriver.Silo, the maildriver
/// CLI): its native launcher when the build made one, else <c>dotnet</c> on the assembly.
/// </summary>
/// <param name="AssemblyPath">The program's assembly.</param>
/// <param name="Launcher">Its apphost, or null to run it with <c>dotnet</c>.</param>
public sealed record BuiltExecutable(string AssemblyPath, string? Launcher)
{
    /// <summary>The assembly metadata key under which the build records Maildriver.Silo's path.</summary>
    public const string SiloKey = "MaildriverSiloPath";

    /// <summary>The assembly metadata key under which the build records the maildriver CLI's path.</summary>
    public const string CliKey = "MaildriverCliPath";

    /// <summary>Maildriver.Silo: <paramref name="assemblyPath"/> when given, else the one built with this benchmark.</summary>
    /// <exception cref="FileNotFoundException">The assembly is not there.</exception>
    public static BuiltExecutable Silo(string? assemblyPath)
        => Locate(assemblyPath, SiloKey, "build it (dotnet build Silo/Silo.csproj -c Release) or pass --silo PATH/Maildriver.Silo.dll");

    /// <summary>The maildriver CLI built with this benchmark.</summary>
    /// <exception cref="FileNotFoundException">The assembly is not there.</exception>
    public static BuiltExecutable Cli() => Locate(null, CliKey, "build it (dotnet build Client.Tui/Client.Tui.csproj -c Release)");

    /// <summary>
    /// This benchmark itself, for the children it runs in another mode (the runtime scenario's toy silos): its
    /// launcher when it was started through one, else <c>dotnet</c> on its assembly.
    /// </summary>
    public static BuiltExecutable Self()
    {
        var assembly = typeof(BuiltExecutable).Assembly.Location;
        var process = Environment.ProcessPath;
        var viaDotnet = process is null || Path.GetFileNameWithoutExtension(process).Equals("dotnet", StringComparison.OrdinalIgnoreCase);
        return new BuiltExecutable(assembly, viaDotnet ? null : process);
    }

    /// <summary>A start description for the program with <paramref name="arguments"/>, output redirected, in <paramref name="workingDirectory"/>.</summary>
    public ProcessStartInfo StartInfo(string workingDirectory, params IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(Launcher ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = workingDirectory,
        };
        if (Launcher is null)
        {
            info.ArgumentList.Add(AssemblyPath);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    /// <summary>A start description for <c>Maildriver.Silo --config <paramref name="config"/> --machine <paramref name="machine"/></c>.</summary>
    public ProcessStartInfo SiloStartInfo(string config, string machine)
        => StartInfo(Path.GetDirectoryName(config)!, "--config", config, "--machine", machine);

    private static BuiltExecutable Locate(string? assemblyPath, string key, string hint)
    {
        var path = assemblyPath ?? typeof(BuiltExecutable).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException($"{Path.GetFileName(path)} not found at '{path}'; {hint}", path);
        }

        var launcher = Path.ChangeExtension(path, OperatingSystem.IsWindows() ? ".exe" : null);
        return new BuiltExecutable(path, File.Exists(launcher) ? launcher : null);
    }
}
