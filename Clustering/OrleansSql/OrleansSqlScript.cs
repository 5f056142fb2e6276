using System.Security.Cryptography;
using System.Text;

namespace Maildriver.Clustering.OrleansSql;

/// <summary>One of Orleans's SQL scripts, as this build carries it.</summary>
/// <param name="Name">Its file name (the name it is recorded under), e.g. <c>PostgreSQL-Main.sql</c>.</param>
/// <param name="Content">The file's bytes.</param>
internal sealed record OrleansSqlScript(string Name, byte[] Content)
{
    /// <summary>The SQL text (the file is UTF-8).</summary>
    public string Text => Encoding.UTF8.GetString(Content);

    /// <summary>The lowercase hex SHA-256 of the file's bytes: what the database records.</summary>
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));
}
