using System.Data.Common;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Grains.Storage;

/// <summary>
/// Mail migration 4, <c>mime_bodies</c>: its SQL makes every stored body bytes (PostgreSQL's columns become
/// <c>bytea</c>; SQLite keeps its columns and stores BLOBs), still the old text's UTF-8; then this turns each into
/// the RFC 5322 message it stands for (<see cref="LegacyBodies"/>) and sets its size to the message's, in the
/// delivered letters, the WorkSpace and the Master's records, in the migration's one transaction.
/// </summary>
internal sealed class MimeBodiesMigration(MailDomain domain)
{
    /// <summary>Its version among the mail migrations.</summary>
    public const int Version = 4;

    // Rows are read a page at a time, in key order, so a large store is never held in memory at once.
    private const int PageSize = 256;

    /// <summary>Converts every body; runs inside the migration's transaction.</summary>
    public async Task RunAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        foreach (var table in new[] { "letters", "protoletters" })
        {
            await ConvertAsync(connection, transaction, $"SELECT {MailColumns.Header}, body FROM {table}", $"UPDATE {table} SET body = @body, size = @size WHERE letter_id = @id",
                reader =>
                {
                    var header = MailColumns.ReadHeader(reader);
                    var message = Convert(header.Id, header.From, header.To, header.Subject, header.SentAt, MailColumns.ReadMessage(reader, 7));
                    return (header.Id, [("@body", message), ("@size", (long)message.Length)]);
                }, cancellationToken);
        }

        await ConvertAsync(connection, transaction, "SELECT letter_id, header, body FROM master_letters", "UPDATE master_letters SET header = @header, body = @body WHERE letter_id = @id",
            reader =>
            {
                var header = MailColumns.ParseHeader(reader.GetString(1));
                var message = Convert(header.Id, header.From, header.To, header.Subject, header.SentAt, MailColumns.ReadMessage(reader, 2));
                return (header.Id, [("@header", MailColumns.FormatHeader(header with { Size = message.Length })), ("@body", message)]);
            }, cancellationToken);
    }

    private byte[] Convert(string id, string from, IReadOnlyList<string> to, string subject, DateTimeOffset sentAt, byte[] body)
        => LegacyBodies.ToMessage(domain, id, from, to, subject, sentAt, LegacyBodies.TextOf(body));

    private static async Task ConvertAsync(
        DbConnection connection, DbTransaction transaction, string select, string update,
        Func<DbDataReader, (string Id, (string Name, object Value)[] Values)> convert, CancellationToken cancellationToken)
    {
        var after = string.Empty;
        while (true)
        {
            var page = new List<(string Id, (string Name, object Value)[] Values)>(PageSize);
            await using (var command = connection.CreateCommand($"{select} WHERE letter_id > @after ORDER BY letter_id LIMIT {PageSize}", transaction).With("@after", after))
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add(convert(reader));
                }
            }

            // Written after the page is read: Npgsql runs one command at a time on a connection.
            foreach (var (id, values) in page)
            {
                await using var command = connection.CreateCommand(update, transaction).With("@id", id);
                foreach (var (name, value) in values)
                {
                    command.With(name, value);
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            if (page.Count < PageSize)
            {
                return;
            }

            after = page[^1].Id;
        }
    }
}
