using Maildriver.Clustering.OrleansSql;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Maildriver.Clustering;

/// <summary>Membership in a PostgreSQL database that every machine of the cluster shares: Orleans's ADO.NET clustering.</summary>
public static class PostgresClusteringHostingExtensions
{
    /// <summary>
    /// Orleans's own ADO.NET clustering (Microsoft.Orleans.Clustering.AdoNet, invariant <c>Npgsql</c>) over the
    /// database <paramref name="connectionString"/> names (it must exist; every machine names the same one). At the
    /// silo's start, before Orleans reads the membership table, Orleans's PostgreSQL scripts (Main and Clustering) are
    /// installed into it through <see cref="OrleansSqlScripts"/> unless they are there already. Every connection
    /// commits with <c>synchronous_commit = on</c>.
    /// </summary>
    public static ISiloBuilder UsePostgresClustering(this ISiloBuilder builder, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var durable = PostgresDurability.WithSynchronousCommit(connectionString);
        builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => new OrleansSqlInstallStep(
            "membership",
            OrleansSqlComponent.Clustering,
            async cancellationToken =>
            {
                var connection = new NpgsqlConnection(durable);
                try
                {
                    await connection.OpenAsync(cancellationToken);
                    return connection;
                }
                catch
                {
                    await connection.DisposeAsync();
                    throw;
                }
            },
            check: null,
            sp.GetRequiredService<ILogger<OrleansSqlInstallStep>>()));
        return builder.UseAdoNetClustering(options =>
        {
            options.Invariant = "Npgsql";
            options.ConnectionString = durable;
        });
    }
}
