using System.Data.Common;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>Reading a test database as plain SQL, on any ADO.NET connection.</summary>
public static class Sql
{
    /// <summary>The first column of every row of <paramref name="sql"/>, as text.</summary>
    public static async Task<List<string>> StringsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(Convert.ToString(reader.GetValue(0))!);
        }

        return values;
    }

    /// <summary>The first column of the first row of <paramref name="sql"/>, as text (null when there is none).</summary>
    public static async Task<string?> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToString(await command.ExecuteScalarAsync());
    }
}
