using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;

namespace Maildriver.Clustering.Tests.Support;

/// <summary>
/// A crash for InProcessTestCluster, whose own kill is an announced stop: KillSiloAsync stops the silo's host with a
/// cancelled token, and the silo still writes Stopping and then Dead into the membership table on its way out, so the
/// others know at once; a machine that crashes tells no one. <see cref="Crash"/> freezes a silo instead: it reads
/// and writes nothing more on any of its connections (silo and gateway, in and out), so nothing it is sent, Orleans's
/// probes included, is answered, and it can no longer read or write the membership table: the others must find out by
/// probing and voting, as they would in production. (Grain call filters cannot do this: Orleans answers pings inside
/// the connection, below every filter.)
/// </summary>
internal sealed class Crashes
{
    private readonly ConcurrentDictionary<string, CrashableMembershipTable> _tables = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _frozen = new(StringComparer.Ordinal);

    /// <summary>Makes the silo <paramref name="machine"/> that <paramref name="host"/> builds one that can crash.</summary>
    public void Attach(string machine, IHostApplicationBuilder host)
    {
        // The same hook TLS uses: middleware on each connection, over whatever transport the cluster has.
        Func<Task?> frozen = () => Frozen(machine);
        void Freezable(IConnectionBuilder connection)
            => connection.Use(next => context =>
            {
                context.Transport = new FreezableDuplexPipe(context.Transport, frozen);
                return next(context);
            });
        host.Services.Configure<SiloConnectionOptions>(o =>
        {
            o.ConfigureSiloInboundConnection(Freezable);
            o.ConfigureSiloOutboundConnection(Freezable);
            o.ConfigureGatewayInboundConnection(Freezable);
        });
        // ConfigureContainer's delegate runs when the host is built, after the test cluster has registered its shared
        // membership table (it does so after our configuration delegates, so a registration of ours would lose).
        host.ConfigureContainer(new DefaultServiceProviderFactory(), services =>
        {
            var registered = services.Last(d => d.ServiceType == typeof(IMembershipTable));
            var inner = registered.ImplementationInstance as IMembershipTable
                ?? throw new InvalidOperationException($"expected the test cluster's shared membership table, found {registered}");
            var table = new CrashableMembershipTable(inner);
            _tables[machine] = table;
            services.Add(ServiceDescriptor.Singleton<IMembershipTable>(table));
        });
    }

    /// <summary>Freezes the silo <paramref name="machine"/>, as if its process had died.</summary>
    public void Crash(string machine)
    {
        _frozen.TryAdd(machine, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _tables[machine].Crash();
    }

    /// <summary>
    /// Lets every frozen silo reach the membership table again and fails what it held, so that stopping it does not
    /// hang on Orleans's retries: it then reads that it was declared dead and stops itself.
    /// </summary>
    public void ThawAll()
    {
        foreach (var table in _tables.Values)
        {
            table.Restore();
        }

        foreach (var (machine, frozen) in _frozen)
        {
            frozen.TrySetException(new SiloUnavailableException($"{machine} crashed"));
        }
    }

    /// <summary>What the connections of <paramref name="machine"/> wait for while it is frozen; null while it runs.</summary>
    private Task? Frozen(string machine) => _frozen.TryGetValue(machine, out var frozen) ? frozen.Task : null;
}
