namespace Maildriver.Tests.Support;

/// <summary>
/// The <c>dotnet</c> host that runs the framework-dependent executables copied next to the test assembly
/// (<c>Maildriver.Silo.dll</c>, <c>maildriver.dll</c>). The same host that runs the tests, so a machine with
/// several SDKs never mixes runtimes between the test and the processes it starts.
/// </summary>
public static class DotnetHost
{
    public static string Path { get; } = Find();

    /// <summary>The full path of a file copied into the test output folder, checked to exist.</summary>
    public static string OutputFile(string fileName)
    {
        var path = System.IO.Path.Combine(AppContext.BaseDirectory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{fileName} is not in the test output folder {AppContext.BaseDirectory}; does Tests.csproj still reference its project?", path);
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
