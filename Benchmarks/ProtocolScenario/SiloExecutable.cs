using System.Diagnostics;
using System.Reflection;

namespace Maildriver.Benchmarks.ProtocolScenario;

/// <summary>How to start Maildriver.Silo: its native launcher when the build made one, else <c>dotnet</c> on the assembly.</summary>
/// <param name="AssemblyPath">The Maildriver.Silo assembly.</param>
/// <param name="Launcher">Its apphost, or null to run it with <c>dotnet</c>.</param>
public sealed record SiloExecutable(string AssemblyPath, string? Launcher)
{
    /// <summary>
    /// Finds the silo: <paramref name="assemblyPath"/> when given, else the path baked in at build time (the Silo
    /// project is built with this one).
    /// </summary>
    /// <exception cref="FileNotFoundException">The assembly is not there.</exception>
    public static SiloExecutable Locate(string? assemblyPath)
    {
        var path = assemblyPath ?? typeof(SiloExecutable).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "MaildriverSiloPath")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
        {
            throw new FileNotFoundException(
                $"Maildriver.Silo not found at '{path}'; build it (dotnet build Silo/Silo.csproj -c Release) or pass --silo PATH/Maildriver.Silo.dll", path);
        }

        var launcher = Path.ChangeExtension(path, OperatingSystem.IsWindows() ? ".exe" : null);
        return new SiloExecutable(path, File.Exists(launcher) ? launcher : null);
    }

    /// <summary>A start description for <c>Maildriver.Silo --config <paramref name="config"/> --machine <paramref name="machine"/></c>.</summary>
    public ProcessStartInfo StartInfo(string config, string machine)
    {
        var info = new ProcessStartInfo(Launcher ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            WorkingDirectory = Path.GetDirectoryName(config)!,
        };
        if (Launcher is null)
        {
            info.ArgumentList.Add(AssemblyPath);
        }

        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(config);
        info.ArgumentList.Add("--machine");
        info.ArgumentList.Add(machine);
        return info;
    }
}
