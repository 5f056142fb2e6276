namespace Maildriver.Clustering.Tests.Support;

/// <summary>The toy grain: its state is one <see cref="ToyView"/> in the storage "machine", under state name "view".</summary>
[GrainType(TypeName)]
public sealed class ToyViewGrain([PersistentState("view", ToyViewGrain.StorageName)] IPersistentState<ToyView> view) : Grain, IToyViewGrain
{
    /// <summary>The grain type, fixed: Orleans's storage keys rows by it.</summary>
    public const string TypeName = "toyview";

    public const string StorageName = "machine";

    public Task<ToyView?> Get() => Task.FromResult(view.RecordExists ? view.State : null);

    public async Task Set(ToyView value)
    {
        view.State = value;
        await view.WriteStateAsync();
    }
}
