namespace Maildriver.Clustering.Configuration;

/// <summary>
/// Where the machines keep Orleans's membership table: who is in the cluster and who is dead. cluster.json's
/// optional <c>membership</c> section; without it, <c>sqlite</c> over <see cref="DefaultFile"/> beside cluster.json.
/// </summary>
public sealed class MembershipConfig
{
    /// <summary>The file the embedded provider uses when none is named, relative to cluster.json's folder.</summary>
    public const string DefaultFile = "membership.db";

    /// <summary>
    /// <c>sqlite</c> (embedded; one file the machines of a one-host cluster share) or <c>postgres</c> (Orleans's
    /// ADO.NET clustering on a database all machines reach).
    /// </summary>
    public string Provider { get; init; } = "sqlite";

    /// <summary>For <c>sqlite</c>: the file's full path.</summary>
    public string? File { get; init; }

    /// <summary>For <c>postgres</c>: the connection string of the database the machines share.</summary>
    public string? ConnectionString { get; init; }

    /// <summary>Orleans's cluster id: silos and clients of different ids do not talk. Default <c>maildriver</c>.</summary>
    public string ClusterId { get; init; } = "maildriver";
}
