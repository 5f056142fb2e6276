using System.Data.Common;

namespace Maildriver.Grains.Storage.Database;

/// <summary>Provider-neutral command helpers; <c>@name</c> parameters work for both Microsoft.Data.Sqlite and Npgsql.</summary>
internal static class DbExtensions
{
    /// <summary>
    /// A command enlisted in <paramref name="transaction"/>; Microsoft.Data.Sqlite refuses to run a command on a
    /// connection with a pending transaction unless the command names it.
    /// </summary>
    public static DbCommand CreateCommand(this DbConnection connection, string sql, DbTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Adds a parameter named <paramref name="name"/> (with its <c>@</c>); null becomes SQL NULL.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
