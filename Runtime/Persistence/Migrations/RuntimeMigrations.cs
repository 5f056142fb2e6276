namespace Maildriver.Runtime.Persistence.Migrations;

/// <summary>The runtime's own schema (grain state), kept as SQL files under <c>Persistence/Sql/&lt;provider&gt;/</c>.</summary>
public static class RuntimeMigrations
{
    /// <summary>The component name the runtime's migrations are recorded under.</summary>
    public const string Component = "runtime";

    /// <summary>The prefix of the runtime's embedded SQL resources.</summary>
    public const string ResourcePrefix = "Maildriver.Runtime.Persistence.Sql";

    /// <summary>The runtime's migrations for <paramref name="provider"/>, ordered by version.</summary>
    public static IReadOnlyList<Migration> Load(string provider)
        => EmbeddedMigrations.Load(typeof(RuntimeMigrations).Assembly, ResourcePrefix, provider);

    /// <summary>Brings the runtime's schema in <paramref name="runner"/>'s database up to date.</summary>
    public static Task<IReadOnlyList<Migration>> ApplyAsync(MigrationRunner runner, string provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.ApplyAsync(Component, Load(provider), cancellationToken);
    }
}
