using System.Globalization;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Tests.Grains.Storage;

/// <summary>Reads the mail tables directly, to check what a store wrote rather than what it says it wrote.</summary>
internal static class MailTables
{
    public static async Task<long> CountAsync(ISiloDatabase database, string table, string where = "1 = 1")
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table} WHERE {where}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
