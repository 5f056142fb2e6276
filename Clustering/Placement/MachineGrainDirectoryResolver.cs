using System.Diagnostics.CodeAnalysis;
using Orleans.GrainDirectory;
using Orleans.Metadata;
using Orleans.Runtime.GrainDirectory;

namespace Maildriver.Clustering.Placement;

/// <summary>Gives every grain type placed by <see cref="MachinePlacement"/> the <see cref="MachineGrainDirectory"/>.</summary>
public sealed class MachineGrainDirectoryResolver : IGrainDirectoryResolver
{
    /// <inheritdoc />
    public bool TryResolveGrainDirectory(GrainType grainType, GrainProperties? properties, [NotNullWhen(true)] out IGrainDirectory? grainDirectory)
    {
        // The placement strategy names itself in the grain type's properties (PlacementStrategy.PopulateGrainProperties).
        if (properties is not null
            && properties.Properties.TryGetValue(WellKnownGrainTypeProperties.PlacementStrategy, out var strategy)
            && strategy == nameof(MachinePlacement))
        {
            grainDirectory = MachineGrainDirectory.Instance;
            return true;
        }

        grainDirectory = null;
        return false;
    }
}
