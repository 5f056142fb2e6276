namespace Maildriver.Clustering.OrleansSql;

/// <summary>
/// Which of Orleans's scripts a database needs, read from this assembly's resources (the files of
/// <c>deploy/postgres/orleans/</c> and <c>deploy/sqlite/orleans/</c>): the dialect's Main script (the OrleansQuery
/// table every feature shares) first, then the feature's own.
/// </summary>
internal static class OrleansSqlScriptCatalog
{
    private const string ResourcePrefix = "OrleansSql.";

    public static IReadOnlyList<OrleansSqlScript> For(OrleansSqlDialect dialect, OrleansSqlComponent component)
    {
        var feature = component switch
        {
            OrleansSqlComponent.Persistence => "Persistence",
            OrleansSqlComponent.Clustering when dialect == OrleansSqlDialect.PostgreSql => "Clustering",
            OrleansSqlComponent.Clustering => throw new NotSupportedException(
                $"Orleans ships no {dialect.ScriptPrefix} clustering script; a one-host cluster keeps its membership in SqliteMembershipTable"),
            _ => throw new ArgumentOutOfRangeException(nameof(component), component, null),
        };
        return [Load($"{dialect.ScriptPrefix}-Main.sql"), Load($"{dialect.ScriptPrefix}-{feature}.sql")];
    }

    private static OrleansSqlScript Load(string name)
    {
        using var stream = typeof(OrleansSqlScriptCatalog).Assembly.GetManifestResourceStream(ResourcePrefix + name)
            ?? throw new InvalidOperationException($"{name} is not embedded in {typeof(OrleansSqlScriptCatalog).Assembly.GetName().Name}");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return new OrleansSqlScript(name, bytes.ToArray());
    }
}
