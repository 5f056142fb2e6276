using Maildriver.Grains.Protocol;

namespace Maildriver.Grains.Replica;

/// <summary>The machine's view as it is stored: Orleans grain state, kept in the machine's own database.</summary>
public sealed class ViewState
{
    /// <summary>The epoch (grows at every change of Master).</summary>
    public long Epoch { get; set; }

    /// <summary>The Master.</summary>
    public string Master { get; set; } = "";

    /// <summary>The Lieutenant, or null while the Master has none.</summary>
    public string? Lieutenant { get; set; }

    /// <summary>The view this state holds.</summary>
    public ClusterView ToView() => new(Epoch, Master, Lieutenant);

    /// <summary>The state of <paramref name="view"/>.</summary>
    public static ViewState From(ClusterView view) => new() { Epoch = view.Epoch, Master = view.Master, Lieutenant = view.Lieutenant };
}
