using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Storage.Database;
using Xunit;

namespace Maildriver.Tests.Grains.Storage.Database;

public sealed class SiloDatabaseFactoryTests
{
    [Fact]
    public async Task Sqlite_keeps_its_file_in_the_data_directory()
    {
        using var directory = new TestDataDirectory();

        await using var database = SiloDatabaseFactory.Create(new StorageConfig(), "MD1", directory.Path);

        var sqlite = Assert.IsType<SqliteSiloDatabase>(database);
        Assert.Equal(Path.Combine(directory.Path, SqliteSiloDatabase.FileName), sqlite.FilePath);
    }

    [Fact]
    public async Task Postgres_fills_in_the_machine_name()
    {
        var storage = new StorageConfig { Provider = "postgres", ConnectionString = "Host=db.invalid;Username=md;Database=maildriver_{machine}" };

        await using var database = SiloDatabaseFactory.Create(storage, "MD2", "unused");

        var postgres = Assert.IsType<PostgresSiloDatabase>(database);
        Assert.Equal("maildriver_MD2", postgres.DatabaseName);
        Assert.Equal(SiloDatabaseProviders.Postgres, postgres.Provider);
    }

    [Fact]
    public void Postgres_without_a_connection_string_names_the_field()
    {
        var error = Assert.Throws<ClusterConfigException>(() => SiloDatabaseFactory.Create(new StorageConfig { Provider = "postgres" }, "MD1", "unused"));

        Assert.StartsWith("storage.connectionString", error.Message);
    }

    [Fact]
    public void An_unknown_provider_names_the_field()
    {
        var error = Assert.Throws<ClusterConfigException>(() => SiloDatabaseFactory.Create(new StorageConfig { Provider = "mysql" }, "MD1", "unused"));

        Assert.StartsWith("storage.provider", error.Message);
    }

    [Fact]
    public async Task A_killed_postgres_database_refuses_connections_without_reaching_the_server()
    {
        await using var database = new PostgresSiloDatabase("Host=db.invalid;Username=md;Database=maildriver_{machine}", "MD1");

        database.Kill();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => database.OpenConnectionAsync());
    }

    [Theory]
    [InlineData("maildriver_MD1", "\"maildriver_MD1\"")]
    [InlineData("odd\"name", "\"odd\"\"name\"")]
    public void Postgres_identifiers_are_quoted(string name, string quoted)
        => Assert.Equal(quoted, PostgresSiloDatabase.QuoteIdentifier(name));
}
