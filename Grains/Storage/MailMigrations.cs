using Maildriver.Grains.Mime;
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
    /// <param name="provider">The database's engine.</param>
    /// <param name="domain">
    /// The mail domain the letters of an older store are written with when they become RFC 5322 messages (migration
    /// 4); every machine of a cluster must give the same one (<c>mailPorts.mailDomain</c>). Default
    /// <see cref="MailDomain.Default"/>.
    /// </param>
    public static IReadOnlyList<Migration> Load(string provider, MailDomain? domain = null)
    {
        var bodies = new MimeBodiesMigration(domain ?? MailDomain.Default);
        return EmbeddedMigrations.Load(typeof(MailMigrations).Assembly, ResourcePrefix, provider)
            .Select(m => m.Version == MimeBodiesMigration.Version ? m with { Code = bodies.RunAsync } : m)
            .ToList();
    }

    /// <summary>Brings the mail schema in <paramref name="runner"/>'s database up to date (see <see cref="Load"/> for <paramref name="domain"/>).</summary>
    public static Task<IReadOnlyList<Migration>> ApplyAsync(MigrationRunner runner, string provider, CancellationToken cancellationToken = default, MailDomain? domain = null)
    {
        ArgumentNullException.ThrowIfNull(runner);
        return runner.ApplyAsync(Component, Load(provider, domain), cancellationToken);
    }
}
