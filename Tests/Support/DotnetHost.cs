using System.Diagnostics;

namespace Maildriver.Tests.Support;

/// <summary>
/// The <c>dotnet</c> host that runs the framework-dependent programs the build copies beside the tests
/// (<c>Maildriver.Silo.dll</c>, <c>maildriver.dll</c>, in <see cref="ProgramFolder"/>). The same host that runs the
/// tests, so a machine with several SDKs never mixes runtimes between the test and the processes it starts.
/// </summary>
public static class DotnetHost
{
    private static readonly Lazy<string> SiloDll = new(() => OutputFile("Maildriver.Silo.dll"));

    public static string Path { get; } = Find();

    /// <summary>
    /// The folder holding the silo's and the CLI's own build outputs (Tests/ProcessBinaries.targets), laid out as
    /// <c>deploy/local-cluster.sh</c> builds them: each program with every assembly its runtime configuration needs.
    /// </summary>
    public static string ProgramFolder { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "maildriver-bin");

    /// <summary>The full path of a program file in <see cref="ProgramFolder"/>, checked to exist.</summary>
    public static string OutputFile(string fileName)
    {
        var path = System.IO.Path.Combine(ProgramFolder, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{fileName} is not in {ProgramFolder}; does Tests.csproj still import ProcessBinaries.targets?", path);
    }

    /// <summary>
    /// <c>dotnet Maildriver.Silo.dll --config <paramref name="configPath"/> --machine <paramref name="machine"/></c>,
    /// in the configuration's folder: what a <see cref="SiloProcess"/> of the tests runs.
    /// </summary>
    public static ProcessStartInfo SiloStartInfo(string configPath, string machine)
    {
        var info = new ProcessStartInfo(Path) { WorkingDirectory = System.IO.Path.GetDirectoryName(configPath)! };
        foreach (var argument in (string[])[SiloDll.Value, "--config", configPath, "--machine", machine])
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static string Find()
    {
        // Set by the SDK for everything `dotnet test` and MSBuild start.
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Environment.ProcessPath is { } self
            && System.IO.Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
        {
            return self;
        }

        return "dotnet";
    }
}
