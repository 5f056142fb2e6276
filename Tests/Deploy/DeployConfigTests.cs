using Maildriver.Clustering.Configuration;
using Maildriver.Silo.Hosting;
using Maildriver.Tests.Support;
using System.Text.RegularExpressions;
using Npgsql;

namespace Maildriver.Tests.Deploy;

public sealed class DeployConfigTests
{
    [Theory]
    [InlineData("deploy/local/cluster.json", "sqlite")]
    [InlineData("deploy/three-hosts/cluster.json", "postgres")]
    public void TheShippedClusterConfigurationsLoad(string relativePath, string provider)
    {
        var cluster = ClusterConfigLoader.Load(Path.Combine(RepositoryRoot.Path, relativePath));
        var options = ClusterOptions.Protocol(cluster);

        Assert.Equal(["MD1", "MD2", "MD3"], cluster.Machines.Select(m => m.Name));
        Assert.Equal(provider, cluster.Storage.Provider);
        Assert.Equal(("MD1", "MD2"), (options.InitialMaster, options.InitialLieutenant));
        Assert.All(cluster.Machines, m => Assert.True(m.DashboardPort > 0));

        // Real servers face people: their gateways and dashboards speak TLS; the local trial cluster does not.
        Assert.All(cluster.Machines, m => Assert.Equal(provider == "postgres", m.Tls is not null));
        if (provider == "postgres")
        {
            Assert.Equal("/etc/maildriver/tls/MD2.crt", cluster.GetMachine("MD2").Tls!.CertificatePath);
            // The silos require each other's certificate (mutual TLS on the silo port), issued by this authority.
            Assert.All(cluster.Machines, m => Assert.Equal("/etc/maildriver/tls/ca.crt", m.Tls!.AuthorityPath));
        }

        // Three hosts cannot share a SQLite file: their membership is in a PostgreSQL database they all reach.
        Assert.Equal(provider, cluster.Membership.Provider);
    }

    [Theory]
    [InlineData("deploy/monitoring/prometheus.yml", "deploy/three-hosts/cluster.json")]
    [InlineData("deploy/monitoring/prometheus-local.yml", "deploy/local/cluster.json")]
    public void ThePrometheusConfigurationsScrapeEveryMachinesDashboardPortWithCredentials(string prometheus, string clusterJson)
    {
        var cluster = ClusterConfigLoader.Load(Path.Combine(RepositoryRoot.Path, clusterJson));
        var yaml = File.ReadAllText(Path.Combine(RepositoryRoot.Path, prometheus));

        var targets = Regex.Match(yaml, @"targets:\s*\[(?<list>[^\]]*)\]").Groups["list"].Value
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(t => t.Trim('"'));
        Assert.Equal(cluster.Machines.Select(m => $"{m.Host}:{m.DashboardPort}"), targets);
        Assert.Matches(@"(?m)^\s+metrics_path: /metrics$", yaml);
        Assert.Matches(@"(?m)^\s+basic_auth:\s*\n\s+username: \S+\s*\n\s+password_file: \S+$", yaml);

        // A dashboard port with a certificate speaks TLS only: the scrape must too, trusting the cluster's authority.
        var tls = cluster.Machines.All(m => m.Tls is not null);
        Assert.Equal(tls, Regex.IsMatch(yaml, @"(?m)^\s+scheme: https$"));
        Assert.Equal(tls, Regex.IsMatch(yaml, @"(?m)^\s+ca_file: \S+$"));
    }

    [PostgresFact]
    public async Task ThePostgresSetupScriptMakesTheRoleAndTheMachinesDatabase()
    {
        if (Environment.UserName != "root")
        {
            Assert.Fail("deploy/postgres/setup.sh runs psql as the postgres user through su, which needs root (as in CI)");
        }

        var machine = "T" + Guid.NewGuid().ToString("N")[..8];
        var database = $"maildriver_{machine}";
        try
        {
            var result = await ProcessRunner.RunAsync("bash", [Path.Combine(RepositoryRoot.Path, "deploy/postgres/setup.sh"), machine, "setup-test-pw"], timeout: TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("synchronous_commit: on", result.Stdout);

            await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Username=maildriver;Password=setup-test-pw;Database={database}");
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_user", connection);
            Assert.Equal("maildriver", await command.ExecuteScalarAsync());
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection("Host=127.0.0.1;Username=postgres;Password=postgres;Database=postgres");
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
