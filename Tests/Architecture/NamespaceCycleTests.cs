using Maildriver.Tests.Support;

namespace Maildriver.Tests.Architecture;

/// <summary>
/// Namespaces depend on each other one way only (issue 14): a reader can learn one namespace without the ones
/// that use it, and no feature knows another's insides. Read from the source of every shipped project.
/// </summary>
public sealed class NamespaceCycleTests
{
    // Every project folder with a .csproj at the top of the checkout, except the tests and the benchmarks: new
    // projects (the mail ports moved out of Grains) are checked as soon as they exist.
    private static readonly string[] NotShipped = ["Tests", "Clustering.Tests", "Benchmarks"];

    // The namespaces the other half of issue 14 moves out of Grains (the silo's hosting and its dashboard, the mail
    // ports). Until that lands, the silo's composition root (Hosting) and the services every grain takes from it
    // share one namespace, which knots them with everything; the move unknots them. Empty this list when it lands.
    private static readonly string[] MovingOut =
    [
        "Maildriver.Grains.Configuration",
        "Maildriver.Grains.Dashboard",
        "Maildriver.Grains.Hosting",
        "Maildriver.Grains.MailPorts",
        "Maildriver.Grains.Pop3",
        "Maildriver.Grains.Rfc5322",
        "Maildriver.Grains.Smtp",
        "Maildriver.Grains.Telemetry",
    ];

    [Fact]
    public void NoNamespaceDependsOnItselfThroughOthers()
    {
        var graph = NamespaceGraph.Read(RepositoryRoot.Path, ShippedProjects(RepositoryRoot.Path)).Without(MovingOut);

        var cycles = graph.Cycles();

        Assert.True(cycles.Count == 0, $"namespace cycles:\n{string.Join("\n", cycles)}");
    }

    [Fact]
    public void TheCheckSeesTheGrainsAndTheirUses()
    {
        // A check that read nothing would pass: it must see the grains, and a use in each way a file can make one.
        var graph = NamespaceGraph.Read(RepositoryRoot.Path, ShippedProjects(RepositoryRoot.Path));

        Assert.Contains("Maildriver.Grains.Replica", graph.Namespaces);
        Assert.Contains("Maildriver.Grains.Master", graph.Namespaces);
        Assert.Contains(("Maildriver.Grains.Replica", "Maildriver.Grains.Storage"), graph.Edges.Keys); // a using
        Assert.Contains(("Maildriver.Grains.Master", "Maildriver.Grains.Protocol"), graph.Edges.Keys); // a global using
        Assert.Contains(("Maildriver.Grains.Hosting", "Maildriver.Grains.Server"), graph.Edges.Keys); // Server.PasswordHasher
    }

    [Fact]
    public void ACycleIsFoundAndNamed()
    {
        var root = Directory.CreateTempSubdirectory("namespace-cycle-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "P"));
            File.WriteAllText(Path.Combine(root, "P", "P.csproj"), "<Project><ItemGroup><Using Include=\"A.Shared\" /></ItemGroup></Project>");
            File.WriteAllText(Path.Combine(root, "P", "One.cs"), "using A.Two;\n\nnamespace A.One;\n\npublic sealed class First(Second second) { }\n");
            File.WriteAllText(Path.Combine(root, "P", "Two.cs"), "namespace A.Two;\n\n// One.First is only named in a comment.\npublic sealed class Second { private A.One.First? _first; }\n");
            File.WriteAllText(Path.Combine(root, "P", "Shared.cs"), "namespace A.Shared;\n\npublic sealed class Third { }\n");

            var cycles = NamespaceGraph.Read(root, ["P"]).Cycles();

            var cycle = Assert.Single(cycles);
            Assert.StartsWith("A.One → A.Two → A.One", cycle);
            Assert.Contains("A.Two → A.One (P/Two.cs)", cycle);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    internal static IEnumerable<string> ShippedProjects(string root)
        => Directory.EnumerateDirectories(root)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(d => !NotShipped.Contains(d, StringComparer.Ordinal) && Directory.EnumerateFiles(Path.Combine(root, d), "*.csproj").Any())
            .Order(StringComparer.Ordinal);
}
