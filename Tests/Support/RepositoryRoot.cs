namespace Maildriver.Tests.Support;

/// <summary>The checkout the tests were built from, for tests of files outside the build output (deploy scripts).</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        // Tests/bin/<configuration>/<framework>/ lies inside the checkout; walk up to the folder with the solution.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Maildriver.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Maildriver.sln above {AppContext.BaseDirectory}");
    }
}
