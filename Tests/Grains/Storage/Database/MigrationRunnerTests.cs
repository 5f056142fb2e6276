using System.Data.Common;
using Maildriver.Grains.Storage.Database;
using Maildriver.Grains.Storage.Database.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace Maildriver.Tests.Grains.Storage.Database;

public sealed class MigrationRunnerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2024, 5, 6, 7, 8, 9, TimeSpan.Zero);

    private static readonly Migration Folders = new(1, "folders", "CREATE TABLE folders (id INTEGER PRIMARY KEY, name TEXT NOT NULL);");

    private static readonly Migration Messages = new(
        2,
        "messages",
        """
        CREATE TABLE messages (id INTEGER PRIMARY KEY, folder_id INTEGER NOT NULL REFERENCES folders(id));
        CREATE INDEX messages_by_folder ON messages (folder_id);
        """);

    private readonly TestDataDirectory _directory = new();
    private SqliteSiloDatabase _database = null!;
    private MigrationRunner _runner = null!;

    public Task InitializeAsync()
    {
        _database = new SqliteSiloDatabase(_directory.Path);
        _runner = new MigrationRunner(_database, new FixedTimeProvider(Now), NullLogger<MigrationRunner>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _database.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task An_empty_database_gets_every_migration_in_order_and_recorded()
    {
        var applied = await _runner.ApplyAsync("mail", [Messages, Folders]);

        Assert.Equal([1, 2], applied.Select(m => m.Version));
        Assert.Equal(
            [("mail", 1L, "folders", Now.ToString("O")), ("mail", 2L, "messages", Now.ToString("O"))],
            await HistoryAsync());
        Assert.True(await TableExistsAsync("messages"));
        Assert.True(await IndexExistsAsync("messages_by_folder"));
    }

    [Fact]
    public async Task Running_again_changes_nothing()
    {
        await _runner.ApplyAsync("mail", [Folders, Messages]);
        var later = new MigrationRunner(_database, new FixedTimeProvider(Now.AddDays(1)), NullLogger<MigrationRunner>.Instance);

        var applied = await later.ApplyAsync("mail", [Folders, Messages]);

        Assert.Empty(applied);
        Assert.All(await HistoryAsync(), row => Assert.Equal(Now.ToString("O"), row.AppliedAt));
    }

    [Fact]
    public async Task A_migration_added_in_a_later_version_is_applied_on_upgrade()
    {
        await _runner.ApplyAsync("mail", [Folders]);
        Assert.False(await TableExistsAsync("messages"));

        var applied = await _runner.ApplyAsync("mail", [Folders, Messages]);

        Assert.Equal([Messages], applied);
        Assert.True(await TableExistsAsync("messages"));
        Assert.Equal([1L, 2L], (await HistoryAsync()).Select(r => r.Version));
    }

    [Fact]
    public async Task A_database_newer_than_this_build_is_refused()
    {
        await _runner.ApplyAsync("mail", [Folders, Messages]);

        var refusal = await Assert.ThrowsAsync<SchemaVersionException>(() => _runner.ApplyAsync("mail", [Folders]));

        Assert.Contains("'mail'", refusal.Message);
        Assert.Contains("version 2", refusal.Message);
        Assert.Contains("downgrade", refusal.Message);
    }

    [Fact]
    public async Task A_recorded_version_under_another_name_is_refused()
    {
        await _runner.ApplyAsync("mail", [Folders]);

        var refusal = await Assert.ThrowsAsync<SchemaVersionException>(
            () => _runner.ApplyAsync("mail", [Folders with { Name = "mailboxes" }, Messages]));

        Assert.Contains("'folders'", refusal.Message);
        Assert.False(await TableExistsAsync("messages"));
    }

    [Fact]
    public async Task Components_keep_their_own_versions()
    {
        await _runner.ApplyAsync("other", [Folders with { Name = "other_folders", Sql = "CREATE TABLE other_folders (id INTEGER PRIMARY KEY);" }]);

        var applied = await _runner.ApplyAsync("mail", [Folders]);

        Assert.Equal([Folders], applied);
        Assert.Equal([("mail", 1L), ("other", 1L)], (await HistoryAsync()).Select(r => (r.Component, r.Version)));
    }

    [Fact]
    public async Task A_failing_migration_leaves_no_trace_and_earlier_ones_stay()
    {
        var broken = new Migration(2, "broken", "CREATE TABLE half_done (id INTEGER); CREATE TABLE oops (;");

        await Assert.ThrowsAnyAsync<DbException>(() => _runner.ApplyAsync("mail", [Folders, broken]));

        Assert.True(await TableExistsAsync("folders"));
        Assert.False(await TableExistsAsync("half_done"));
        Assert.Equal([1L], (await HistoryAsync()).Select(r => r.Version));
    }

    [Fact]
    public async Task Duplicate_versions_are_rejected_before_touching_the_database()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => _runner.ApplyAsync("mail", [Folders, Folders with { Name = "other" }]));

        Assert.False(await TableExistsAsync("folders"));
    }

    private async Task<List<(string Component, long Version, string Name, string AppliedAt)>> HistoryAsync()
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT component, version, name, applied_at FROM schema_migrations ORDER BY component, version";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, long, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3)));
        }

        return rows;
    }

    private Task<bool> TableExistsAsync(string name) => SchemaObjectExistsAsync("table", name);

    private Task<bool> IndexExistsAsync(string name) => SchemaObjectExistsAsync("index", name);

    private async Task<bool> SchemaObjectExistsAsync(string type, string name)
    {
        await using var connection = await _database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = @type AND name = @name";
        AddParameter(command, "@type", type);
        AddParameter(command, "@name", name);
        return (long)(await command.ExecuteScalarAsync())! > 0;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
