using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime.GrainDirectory;

namespace Maildriver.Clustering.Placement;

/// <summary>Registers <see cref="MachinePlacement"/> on a silo.</summary>
public static class MachinePlacementHostingExtensions
{
    /// <summary>
    /// Lets grain classes marked <see cref="MachinePlacementAttribute"/> be placed on the machine their key names. Every
    /// silo of the cluster needs it: placement runs on whichever silo first routes a call (a client's gateway too).
    /// </summary>
    public static ISiloBuilder AddMachinePlacement(this ISiloBuilder builder)
    {
        builder.Services.AddSingleton<IGrainDirectoryResolver, MachineGrainDirectoryResolver>();
        return builder.AddPlacementDirector<MachinePlacement, MachinePlacementDirector>();
    }
}
