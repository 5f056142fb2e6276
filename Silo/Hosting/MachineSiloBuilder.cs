using System.Net;
using Maildriver.Clustering.Configuration;
using Maildriver.Clustering.Hosting;
using Maildriver.Clustering.Placement;
using Maildriver.Clustering.Security;
using Maildriver.Clustering;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Server;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Maildriver.Silo.Hosting;

/// <summary>
/// Turns cluster.json into an Orleans silo for one machine: its name, endpoints, membership table and failure
/// detection, then the machine itself (<see cref="MachineServices.AddMachine"/>).
/// </summary>
public static class MachineSiloBuilder
{
    /// <summary>The Orleans service id: fixed, so grain state written before a restart is found after it.</summary>
    public const string ServiceId = "maildriver";

    /// <summary>Configures <paramref name="silo"/> as machine <see cref="MachineSettings.Machine"/> of the cluster.</summary>
    public static ISiloBuilder UseMachine(this ISiloBuilder silo, MachineSettings settings)
    {
        var cluster = settings.Cluster;
        var machine = settings.MachineConfig;
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = cluster.Membership.ClusterId;
            o.ServiceId = ServiceId;
        });
        silo.Configure<SiloOptions>(o => o.SiloName = machine.Name);
        silo.Configure<EndpointOptions>(o =>
        {
            o.AdvertisedIPAddress = Resolve(machine.Host);
            o.SiloPort = machine.SiloPort;
            o.GatewayPort = machine.GatewayPort;
        });
        silo.Configure<ClusterMembershipOptions>(FailureDetection.Apply);
        silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = FailureDetection.ResponseTimeout);

        switch (cluster.Membership.Provider)
        {
            case "postgres":
                silo.UsePostgresClustering(cluster.Membership.ConnectionString!);
                break;
            default:
                silo.UseSqliteClustering(o => o.DatabasePath = cluster.Membership.File!);
                break;
        }

        // After a whole-cluster crash the table still lists the dead silos as Active, and Orleans would make this
        // silo wait for them before it joins; rows of silos certainly gone are declared dead first.
        silo.Services.AddSingleton<StaleMembershipSweep>();
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<StaleMembershipSweep>());

        // With cluster.json's tls: mutual TLS between silos, server-authenticated TLS at the gateway.
        silo.UseMachineTls(cluster, machine);

        // Machine-keyed grains (Replica, Master, Lieutenant, Inbox, the monitor) live only on their machine's silo.
        silo.AddMachinePlacement();

        // Clients reach the front door only; everything else needs a silo's stamp, made with the cluster secret.
        silo.AddFrontDoor<IMailServer>(o => o.ClusterSecret = cluster.ClusterSecret);

        // Orleans's own "this silo cannot go on" (declared dead, say) ends the process as Maildriver's crashes do.
        silo.AddExitOnFatalError();
        return silo.AddMachine(settings);
    }

    private static IPAddress Resolve(string host)
        => IPAddress.TryParse(host, out var address) ? address
           : host == "localhost" ? IPAddress.Loopback
           : Dns.GetHostAddresses(host).First(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork);
}
