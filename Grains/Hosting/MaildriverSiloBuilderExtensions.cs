using Maildriver.Grains.Dashboard;
using Maildriver.Grains.Inbox;
using Maildriver.Grains.Lieutenant;
using Maildriver.Grains.MailPorts;
using Maildriver.Grains.Master;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Server;
using Maildriver.Grains.Storage;
using Maildriver.Runtime;
using Maildriver.Runtime.Hosting;
using Maildriver.Runtime.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Grains.Hosting;

/// <summary>Turns a silo into a Maildriver machine.</summary>
public static class MaildriverSiloBuilderExtensions
{
    /// <summary>Registers the Maildriver grains, the mail store and its schema, the client API, the machine's rebirth at start, and its POP3 and SMTP ports.</summary>
    public static SiloHostBuilder AddMaildriver(this SiloHostBuilder builder)
    {
        var options = MaildriverOptions.From(builder.Cluster);
        var secret = builder.Cluster.ClusterSecret;
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new MailStore(sp.GetRequiredService<ISiloDatabase>(), sp.GetRequiredService<TimeProvider>()));
        var snapshots = Path.Combine(builder.Machine.DataDir, "snapshots");
        builder.Services.AddSingleton(sp => new SnapshotShelf(snapshots, sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => new TokenService(secret, sp.GetRequiredService<TimeProvider>(), options.TokenLifetime));

        builder.Grains.Add<IReplicaGrain, ReplicaGrain>();
        builder.Grains.Add<IInboxGrain, InboxGrain>();
        builder.Grains.Add<IMasterGrain, MasterGrain>();
        builder.Grains.Add<ILieutenantGrain, LieutenantGrain>();
        builder.Grains.Add<IMailServer, MailServerGrain>();
        builder.Grains.AddClientApi<IMailServer>();

        builder.AddMigrations(MailMigrations.Component, MailMigrations.Load);
        builder.AddMaildriverDashboard();

        var machine = builder.Machine.Name;
        builder.AddStartupTask((services, _) => services.GetRequiredService<IGrainFactory>().GetGrain<IReplicaGrain>(machine).Start());

        // POP3 and SMTP (issue #9): opened after the machine's own start, on the machines that have the ports.
        builder.AddMailPorts(options.MailPorts);
        return builder;
    }
}
