using System.Data.Common;
using System.Text;
using Maildriver.Clustering.OrleansSql;
using Maildriver.Clustering.Tests.Support;
using Maildriver.Tests.Support;
using Microsoft.Data.Sqlite;

namespace Maildriver.Clustering.Tests;

/// <summary>
/// <see cref="OrleansSqlScripts"/>: Orleans's scripts installed once per database, on a SQLite file and on a fresh
/// PostgreSQL database: what runs, what is recorded, a second install, a changed script, a failing script, and
/// installs racing on one database.
/// </summary>
public sealed class OrleansSqlScriptsTests : IAsyncLifetime
{
    private readonly TemporaryDatabaseFile _file = new();
    private TemporaryPostgresDatabase? _postgres;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _file.Dispose();
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }

    [Fact]
    public async Task On_a_fresh_SQLite_file_the_persistence_scripts_run_once()
    {
        await using var connection = await OpenSqliteAsync();

        Assert.Equal(["Sqlite-Main.sql", "Sqlite-Persistence.sql"], await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Persistence));

        Assert.Equal(["maildriver_orleans_scripts", "OrleansQuery", "OrleansStorage"], await TablesAsync(connection));
        Assert.Equal(["ClearStorageKey", "ReadFromStorageKey", "WriteToStorageKey"], await Sql.StringsAsync(connection, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey"));
        var carried = OrleansSqlScriptCatalog.For(OrleansSqlDialect.Sqlite, OrleansSqlComponent.Persistence).ToDictionary(s => s.Name, s => s.Sha256);
        Assert.Equal(carried, await OrleansSqlScripts.ReadInstalledAsync(connection));

        Assert.Empty(await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Persistence));
        Assert.Equal(["ClearStorageKey", "ReadFromStorageKey", "WriteToStorageKey"], await Sql.StringsAsync(connection, "SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey"));
    }

    [Fact]
    public async Task SQLite_has_no_clustering_script()
    {
        await using var connection = await OpenSqliteAsync();
        await Assert.ThrowsAsync<NotSupportedException>(() => OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Clustering));
        Assert.Empty(await TablesAsync(connection));
    }

    [PostgresFact]
    public async Task On_PostgreSQL_persistence_and_clustering_share_the_main_script_and_each_runs_once()
    {
        await using var connection = await OpenPostgresAsync();

        Assert.Equal(["PostgreSQL-Main.sql", "PostgreSQL-Persistence.sql"], await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Persistence));
        Assert.Equal(["PostgreSQL-Clustering.sql"], await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Clustering));
        Assert.Empty(await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Persistence));
        Assert.Empty(await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Clustering));

        Assert.Equal(
            ["maildriver_orleans_scripts", "orleansmembershiptable", "orleansmembershipversiontable", "orleansquery", "orleansstorage"],
            await TablesAsync(connection));
        Assert.Equal(["PostgreSQL-Clustering.sql", "PostgreSQL-Main.sql", "PostgreSQL-Persistence.sql"],
            (await OrleansSqlScripts.ReadInstalledAsync(connection)).Keys.Order(StringComparer.Ordinal));
    }

    [PostgresFact]
    public async Task Silos_installing_into_one_PostgreSQL_database_at_once_install_it_once()
    {
        _postgres = await TemporaryPostgresDatabase.CreateAsync();
        var installs = Enumerable.Range(0, 4).Select(async _ =>
        {
            await using var connection = await _postgres.OpenAsync();
            return await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Clustering);
        });

        var ran = await Task.WhenAll(installs);

        Assert.Single(ran, names => names.Count == 2);
        Assert.Equal(3, ran.Count(names => names.Count == 0));
    }

    [Fact]
    public Task A_changed_script_is_refused_on_SQLite() => A_changed_script_is_refused(OpenSqliteAsync, OrleansSqlDialect.Sqlite);

    [PostgresFact]
    public Task A_changed_script_is_refused_on_PostgreSQL() => A_changed_script_is_refused(OpenPostgresAsync, OrleansSqlDialect.PostgreSql);

    [Fact]
    public Task A_failing_script_keeps_nothing_on_SQLite() => A_failing_script_keeps_nothing(OpenSqliteAsync, OrleansSqlDialect.Sqlite);

    [PostgresFact]
    public Task A_failing_script_keeps_nothing_on_PostgreSQL() => A_failing_script_keeps_nothing(OpenPostgresAsync, OrleansSqlDialect.PostgreSql);

    private static async Task A_changed_script_is_refused(Func<Task<DbConnection>> open, OrleansSqlDialect dialect)
    {
        await using var connection = await open();
        await OrleansSqlScripts.InstallAsync(connection, OrleansSqlComponent.Persistence);
        var installed = await OrleansSqlScripts.ReadInstalledAsync(connection);
        var (main, persistence) = Pair(OrleansSqlScriptCatalog.For(dialect, OrleansSqlComponent.Persistence));
        var changed = persistence with { Content = [.. persistence.Content, .. "\nCREATE TABLE should_not_exist (x INTEGER);\n"u8] };

        var refusal = await Assert.ThrowsAsync<OrleansSqlScriptMismatchException>(
            () => OrleansSqlScripts.InstallAsync(connection, dialect, [main, changed], CancellationToken.None));

        Assert.Equal(persistence.Name, refusal.ScriptName);
        Assert.Equal(persistence.Sha256, refusal.InstalledSha256);
        Assert.Equal(changed.Sha256, refusal.CarriedSha256);
        Assert.Contains(persistence.Name, refusal.Message);
        Assert.DoesNotContain("should_not_exist", await TablesAsync(connection), StringComparer.OrdinalIgnoreCase);
        Assert.Equal(installed, await OrleansSqlScripts.ReadInstalledAsync(connection));
    }

    private static async Task A_failing_script_keeps_nothing(Func<Task<DbConnection>> open, OrleansSqlDialect dialect)
    {
        await using var connection = await open();
        var (main, _) = Pair(OrleansSqlScriptCatalog.For(dialect, OrleansSqlComponent.Persistence));
        var broken = new OrleansSqlScript("Broken.sql", Encoding.UTF8.GetBytes("CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);"));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(
            () => OrleansSqlScripts.InstallAsync(connection, dialect, [main, broken], CancellationToken.None));

        Assert.Contains("Broken.sql", failure.Message);
        Assert.DoesNotContain("half_done", await TablesAsync(connection), StringComparer.OrdinalIgnoreCase);
        Assert.Equal([main.Name], (await OrleansSqlScripts.ReadInstalledAsync(connection)).Keys);

        // Mended, it installs, and only it runs.
        var mended = new OrleansSqlScript("Broken.sql", Encoding.UTF8.GetBytes("CREATE TABLE half_done (x INTEGER);"));
        Assert.Equal(["Broken.sql"], await OrleansSqlScripts.InstallAsync(connection, dialect, [main, mended], CancellationToken.None));
        Assert.Contains("half_done", await TablesAsync(connection), StringComparer.OrdinalIgnoreCase);
    }

    private static (OrleansSqlScript Main, OrleansSqlScript Feature) Pair(IReadOnlyList<OrleansSqlScript> scripts)
    {
        Assert.Equal(2, scripts.Count);
        return (scripts[0], scripts[1]);
    }

    private async Task<DbConnection> OpenSqliteAsync()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file.Path)!);
        var connection = new SqliteConnection($"Data Source={_file.Path}");
        await connection.OpenAsync();
        return connection;
    }

    private async Task<DbConnection> OpenPostgresAsync()
    {
        _postgres ??= await TemporaryPostgresDatabase.CreateAsync();
        return await _postgres.OpenAsync();
    }

    private static Task<List<string>> TablesAsync(DbConnection connection) => Sql.StringsAsync(connection, connection is SqliteConnection
        ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name COLLATE NOCASE"
        : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name");
}
