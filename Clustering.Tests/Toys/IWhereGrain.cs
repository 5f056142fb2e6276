namespace Maildriver.Clustering.Tests.Toys;

/// <summary>A machine-pinned toy grain that is not the front door: only silos may call it.</summary>
[Alias("toy.IWhereGrain")]
public interface IWhereGrain : IGrainWithStringKey
{
    /// <summary>The name of the silo the activation runs on.</summary>
    [Alias("SiloName")]
    Task<string> SiloName();

    /// <summary>Returns <paramref name="text"/>; counted in <see cref="Calls"/>.</summary>
    [Alias("Echo")]
    Task<string> Echo(string text);

    /// <summary>Does nothing but count itself in <see cref="Calls"/>.</summary>
    [Alias("Touch")]
    Task Touch();

    /// <summary>How many times <see cref="Echo"/> and <see cref="Touch"/> have run on this activation.</summary>
    [Alias("Calls")]
    Task<int> Calls();
}
