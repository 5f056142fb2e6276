using System.Globalization;
using System.Reflection;

namespace Maildriver.Grains.Storage.Database.Migrations;

/// <summary>
/// Reads migrations kept as SQL files embedded in an assembly, named
/// <c>&lt;prefix&gt;.&lt;provider&gt;.&lt;number&gt;_&lt;name&gt;.sql</c> (e.g. <c>Maildriver.Runtime.Persistence.Sql.sqlite.0001_grain_state.sql</c>).
/// </summary>
public static class EmbeddedMigrations
{
    /// <summary>The migrations for <paramref name="provider"/>, ordered by number.</summary>
    /// <param name="assembly">The assembly holding the resources.</param>
    /// <param name="resourcePrefix">The resource names' common prefix, without the trailing dot.</param>
    /// <param name="provider"><c>sqlite</c> or <c>postgres</c>.</param>
    /// <exception cref="InvalidOperationException">No resource matches, or one is misnamed or numbered twice.</exception>
    public static IReadOnlyList<Migration> Load(Assembly assembly, string resourcePrefix, string provider)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        ArgumentException.ThrowIfNullOrWhiteSpace(resourcePrefix);
        ArgumentException.ThrowIfNullOrWhiteSpace(provider);

        var prefix = $"{resourcePrefix}.{provider}.";
        var resources = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (n, Read(assembly, n)))
            .ToList();
        if (resources.Count == 0)
        {
            throw new InvalidOperationException($"{assembly.GetName().Name} embeds no migrations named '{prefix}<number>_<name>.sql'.");
        }

        return FromResources(prefix, resources);
    }

    /// <summary>Parses already-read resources; <paramref name="prefix"/> ends with the provider and a dot.</summary>
    internal static IReadOnlyList<Migration> FromResources(string prefix, IEnumerable<(string ResourceName, string Sql)> resources)
    {
        var migrations = new List<Migration>();
        foreach (var (resourceName, sql) in resources)
        {
            var file = resourceName[prefix.Length..^".sql".Length];
            var underscore = file.IndexOf('_');
            if (underscore <= 0
                || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                || version < 1
                || underscore == file.Length - 1
                || file.Contains('.'))
            {
                throw new InvalidOperationException($"Migration resource '{resourceName}' is not named '{prefix}<number>_<name>.sql' (e.g. 0001_grain_state.sql).");
            }

            migrations.Add(new Migration(version, file[(underscore + 1)..], sql));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Migrations '{migrations[i - 1].Name}' and '{migrations[i].Name}' under '{prefix}' share number {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    private static string Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Resource '{resourceName}' vanished from {assembly.GetName().Name}.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
