using Maildriver.Grains.Storage.Database.Migrations;

namespace Maildriver.Grains.Storage;

/// <summary>The mail schema <see cref="MailStore"/> works on, kept as SQL files under <c>Storage/Sql/&lt;provider&gt;/</c>.</summary>
public static class MailMigrations
{
    /// <summary>The component name the mail migrations are recorded under.</summary>
    public const string Component = "mail";

    /// <summary>The prefix of the mail schema's embedded SQL resources.</summary>
    public const string ResourcePrefix = "Maildriver.Grains.Storage.Sql";

    /// <summary>The mail migrations for <paramref name="provider"/> (<c>sqlite</c> or <c>postgres</c>), ordered by version.</summary>
    public static IReadOnlyList<Migration> Load(string provider)
        => EmbeddedMigrations.Load(typeof(MailMigrations).Assembly, ResourcePrefix, provider);

    /// <summary>Brings the mail schema in <paramref name="runner"/>'s database up to date.</summary>
    public static Task<IReadOnlyList<Migration>> ApplyAsync(MigrationRunner runner, string provider, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.ApplyAsync(Component, Load(provider), cancellationToken);
    }
}
