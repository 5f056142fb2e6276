namespace Maildriver.Clustering.Tests.Toys;

/// <summary>A machine-keyed toy grain whose class is placed by Orleans's prefer-local placement instead of ours.</summary>
[Alias("toy.IMisplacedGrain")]
public interface IMisplacedGrain : IGrainWithStringKey
{
    /// <summary>The name of the silo the activation runs on.</summary>
    [Alias("SiloName")]
    Task<string> SiloName();
}
