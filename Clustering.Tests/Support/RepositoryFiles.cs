namespace Maildriver.Clustering.Tests.Support;

/// <summary>Files of the checkout the tests were built from (the deploy scripts).</summary>
public static class RepositoryFiles
{
    public static string Root { get; } = Find();

    public static string PathOf(string relative) => Path.Combine(Root, relative);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Maildriver.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException($"no Maildriver.sln above {AppContext.BaseDirectory}");
    }
}
