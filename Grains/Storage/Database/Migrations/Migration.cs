using System.Data.Common;

namespace Maildriver.Grains.Storage.Database.Migrations;

/// <summary>
/// One step of a component's schema. It runs inside a transaction together with its record in
/// <c>schema_migrations</c>, so it must not use statements PostgreSQL refuses in a transaction
/// (such as <c>CREATE INDEX CONCURRENTLY</c>).
/// </summary>
/// <param name="Version">Its number, starting at 1; versions only ever grow.</param>
/// <param name="Name">A short name, e.g. <c>grain_state</c>; recorded next to the version.</param>
/// <param name="Sql">The script; it may hold several statements.</param>
public sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// Work SQL cannot do (rewriting stored letters with MimeKit, say), run after <see cref="Sql"/> in the same
    /// transaction; null for most migrations.
    /// </summary>
    public Func<DbConnection, DbTransaction, CancellationToken, Task>? Code { get; init; }
}
