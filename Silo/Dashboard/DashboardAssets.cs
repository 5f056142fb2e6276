using System.Collections.Frozen;
using System.Reflection;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// The page's files (HTML, CSS, JavaScript, icon), written for it and embedded in the assembly: the dashboard
/// fetches nothing from anywhere else, so it works on a campus network with no way out.
/// </summary>
internal static class DashboardAssets
{
    private const string Prefix = "Maildriver.Silo.Dashboard.Assets.";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, byte[]> Files = Load();

    /// <summary>The file named <paramref name="name"/> (e.g. <c>dashboard.js</c>) and its content type, if there is one.</summary>
    public static bool TryGet(string name, out byte[] content, out string contentType)
    {
        contentType = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
        return Files.TryGetValue(name, out content!);
    }

    /// <summary>A text file, for pages filled in before they are sent.</summary>
    public static string Text(string name)
        => TryGet(name, out var content, out _) ? System.Text.Encoding.UTF8.GetString(content) : throw new InvalidOperationException($"no embedded dashboard file {name}");

    private static FrozenDictionary<string, byte[]> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            files[resource[Prefix.Length..]] = copy.ToArray();
        }

        return files.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
