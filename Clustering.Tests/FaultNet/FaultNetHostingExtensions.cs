using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Maildriver.Clustering.Tests.FaultNet;

/// <summary>Puts a node of a test cluster on a <see cref="FaultNetwork"/>.</summary>
public static class FaultNetHostingExtensions
{
    /// <summary>Every call the silo sends goes through <paramref name="net"/>, named by the silo's name.</summary>
    public static ISiloBuilder AddFaultNet(this ISiloBuilder builder, FaultNetwork net)
    {
        builder.Services.AddSingleton<IOutgoingGrainCallFilter>(sp => new FaultNetFilter(
            net,
            sp.GetRequiredService<ILocalSiloDetails>().Name,
            sp.GetRequiredService<IOptions<SiloMessagingOptions>>().Value.ResponseTimeout,
            sp.GetRequiredService<IClusterMembershipService>(),
            TimeProvider.System));
        return builder;
    }

    /// <summary>Every call the client sends goes through <paramref name="net"/>, named <see cref="FaultNetwork.ClientName"/>.</summary>
    public static IClientBuilder AddFaultNet(this IClientBuilder builder, FaultNetwork net)
    {
        builder.Services.AddSingleton<IOutgoingGrainCallFilter>(sp => new FaultNetFilter(
            net,
            FaultNetwork.ClientName,
            sp.GetRequiredService<IOptions<ClientMessagingOptions>>().Value.ResponseTimeout,
            membership: null,
            TimeProvider.System));
        return builder;
    }
}
