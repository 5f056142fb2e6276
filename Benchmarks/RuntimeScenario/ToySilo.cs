using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Maildriver.Benchmarks.RuntimeScenario;

/// <summary>
/// A plain Orleans silo with the runtime scenario's toy grains and nothing of Maildriver's: what this benchmark's
/// executable runs as in its hidden <c>toy-silo</c> mode, as a child process of the benchmark. Its role decides which
/// grain classes it hosts (the other role's are taken out of its grain types), so Orleans's own placement puts each
/// toy grain on the silo meant for it and a call to <see cref="IEchoGrain"/> from a caller always crosses processes.
/// </summary>
public static class ToySilo
{
    /// <summary>The line it prints on standard output once it has joined the cluster and its gateway is open.</summary>
    public const string ReadyLine = "toy silo ready";

    /// <summary>Orleans's cluster id of the toy cluster (apart from any Maildriver cluster on the same box).</summary>
    public const string ClusterId = "maildriver-bench-runtime";

    /// <summary>Orleans's service id of the toy cluster.</summary>
    public const string ServiceId = "maildriver-bench-runtime";

    /// <summary>
    /// Runs a silo of <paramref name="role"/> on 127.0.0.1 until <paramref name="cancellationToken"/> is cancelled. Membership
    /// is Orleans's development clustering, whose table lives in the primary silo (<paramref name="primaryPort"/>:
    /// the caller silo's own silo port); nothing is stored on disk.
    /// </summary>
    public static async Task<int> RunAsync(ToySiloRole role, int siloPort, int gatewayPort, int primaryPort, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(siloPort, gatewayPort, new IPEndPoint(IPAddress.Loopback, primaryPort), ServiceId, ClusterId);
            Type[] elsewhere = role == ToySiloRole.Caller ? [typeof(EchoGrain)] : [typeof(CallLoopGrain), typeof(LocalEchoGrain)];
            silo.Services.PostConfigure<GrainTypeOptions>(o =>
            {
                foreach (var type in elsewhere)
                {
                    o.Classes.Remove(type);
                }
            });
        });
        using var host = builder.Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        Console.WriteLine(ReadyLine);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // SIGTERM or Ctrl-C: stop in an orderly way (the benchmark itself kills its toy silos by pid).
        }

        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        return 0;
    }
}
