using Maildriver.Clustering.Configuration;
using Maildriver.Grains.Storage.Database;

namespace Maildriver.Silo;

/// <summary>The machine of <c>cluster.json</c> a store command (backup, restore) works on.</summary>
internal sealed class MachineTarget
{
    private MachineTarget(ClusterConfig cluster, MachineConfig machine)
    {
        Cluster = cluster;
        Machine = machine;
    }

    public ClusterConfig Cluster { get; }

    public MachineConfig Machine { get; }

    public string Name => Machine.Name;

    /// <summary>Loads the configuration; a bad one is reported on stderr as the silo reports it, and gives null.</summary>
    public static async Task<MachineTarget?> LoadAsync(string command, FileInfo configFile, string machineName)
    {
        try
        {
            var cluster = ClusterConfigLoader.Load(configFile.FullName);
            return new MachineTarget(cluster, cluster.GetMachine(machineName));
        }
        catch (ClusterConfigException ex)
        {
            await SiloStderr.BadConfigurationAsync(command, configFile, ex.Message);
            return null;
        }
    }

    /// <summary>Opens the machine's database as its silo does (the same provider, file or connection string).</summary>
    public ISiloDatabase OpenDatabase() => SiloDatabaseFactory.Create(Cluster.Storage, Name, Machine.DataDir);

    /// <summary>Why there is no store to read yet, or null. Checked before opening, which would create an empty one.</summary>
    public string? WhyNoStore()
    {
        if (!Directory.Exists(Machine.DataDir))
        {
            return $"{Name} has no data directory ({Machine.DataDir}): it has never run here";
        }

        var sqliteFile = Path.Combine(Machine.DataDir, SqliteSiloDatabase.FileName);
        return Cluster.Storage.Provider == SiloDatabaseProviders.Sqlite && !File.Exists(sqliteFile)
            ? $"{Name} has no store ({sqliteFile} does not exist)"
            : null;
    }
}
