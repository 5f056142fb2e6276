using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Maildriver.Clustering.Security;

/// <summary>Registers the front door's call filters on a silo.</summary>
public static class FrontDoorHostingExtensions
{
    /// <summary>
    /// Clients may call only <typeparamref name="TFrontDoor"/>; every silo stamps its calls with the cluster secret
    /// that <paramref name="configure"/> sets (<see cref="FrontDoorOptions"/>, checked when the silo starts). Every silo
    /// of the cluster needs it, with the same secret. Register it before any other incoming filter, so that nothing
    /// runs for a call it refuses.
    /// </summary>
    public static ISiloBuilder AddFrontDoor<TFrontDoor>(this ISiloBuilder builder, Action<FrontDoorOptions> configure)
        where TFrontDoor : IGrain
    {
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.AddOptions<FrontDoorOptions>()
            .Configure(o => o.FrontDoor = typeof(TFrontDoor))
            .Configure(configure)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FrontDoorOptions>, FrontDoorOptionsValidator>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SiloStamp>();
        return builder
            .AddIncomingGrainCallFilter<FrontDoorCallFilter>()
            .AddOutgoingGrainCallFilter<SiloStampFilter>();
    }
}
