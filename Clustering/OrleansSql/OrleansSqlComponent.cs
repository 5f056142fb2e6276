namespace Maildriver.Clustering.OrleansSql;

/// <summary>The Orleans ADO.NET feature whose tables and queries a database needs.</summary>
public enum OrleansSqlComponent
{
    /// <summary>Membership (Microsoft.Orleans.Clustering.AdoNet): PostgreSQL only; Orleans ships no SQLite script for it.</summary>
    Clustering,

    /// <summary>Grain state (Microsoft.Orleans.Persistence.AdoNet).</summary>
    Persistence,
}
