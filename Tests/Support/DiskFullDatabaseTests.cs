using Maildriver.Grains.Storage.Database;

namespace Maildriver.Tests.Support;

public sealed class DiskFullDatabaseTests
{
    [Fact]
    public async Task AFullDiskRefusesAWriteThatNeedsNewPagesAndAFreedOneTakesIt()
    {
        var dir = Path.Combine(Path.GetTempPath(), "md-diskfull-" + Guid.NewGuid().ToString("N"));
        await using var db = new DiskFullDatabase(new SqliteSiloDatabase(dir));
        try
        {
            await using (var c = await db.OpenConnectionAsync())
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "CREATE TABLE t(x TEXT)";
                await cmd.ExecuteNonQueryAsync();
            }

            db.FillDisk();
            await using (var c = await db.OpenConnectionAsync())
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "INSERT INTO t VALUES ($x)";
                cmd.Parameters.Add(new Microsoft.Data.Sqlite.SqliteParameter("$x", new string('z', 200_000)));
                var error = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => cmd.ExecuteNonQueryAsync());
                Assert.Contains("full", error.Message);
            }

            db.FreeDisk();
            await using (var c = await db.OpenConnectionAsync())
            {
                await using var cmd = c.CreateCommand();
                cmd.CommandText = "INSERT INTO t VALUES ('ok')";
                Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
