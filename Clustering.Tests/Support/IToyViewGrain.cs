namespace Maildriver.Clustering.Tests.Support;

/// <summary>A grain that keeps a <see cref="ToyView"/> in the grain storage named "machine".</summary>
[Alias("maildriver.tests.IToyViewGrain")]
public interface IToyViewGrain : IGrainWithStringKey
{
    /// <summary>The stored view, or null when none was ever written.</summary>
    [Alias("Get")]
    Task<ToyView?> Get();

    /// <summary>Writes <paramref name="view"/> (throws InconsistentStateException when the stored one moved on).</summary>
    [Alias("Set")]
    Task Set(ToyView view);
}
