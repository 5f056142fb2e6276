using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Clustering;

/// <summary>Registers <see cref="SqliteMembershipTable"/> as a silo's membership table.</summary>
public static class SqliteClusteringHostingExtensions
{
    /// <summary>
    /// Membership in the SQLite file <paramref name="configure"/> names, shared by the silos of this host. The
    /// table is also registered as itself, so the start can call
    /// <see cref="SqliteMembershipTable.DeclareSilentSilosDeadAsync"/> on the instance the silo uses.
    /// </summary>
    public static ISiloBuilder UseSqliteClustering(this ISiloBuilder builder, Action<SqliteClusteringOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return builder.ConfigureServices(services =>
        {
            services.Configure(configure);
            services.AddSingleton<SqliteMembershipTable>();
            services.AddSingleton<IMembershipTable>(sp => sp.GetRequiredService<SqliteMembershipTable>());
        });
    }
}
