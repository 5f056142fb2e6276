namespace Maildriver.Clustering.Tests.Toys;

/// <summary>The toy cluster's front door: the one interface its client may call (as IMailServer will be).</summary>
[Alias("toy.IToyFrontDoor")]
public interface IToyFrontDoor : IGrainWithStringKey
{
    /// <summary>The name of the silo the activation runs on.</summary>
    [Alias("SiloName")]
    Task<string> SiloName();

    /// <summary>Asks the <see cref="IWhereGrain"/> keyed <paramref name="key"/> where it runs: a call onward to a grain only silos may call.</summary>
    [Alias("AskWhere")]
    Task<string> AskWhere(string key);

    /// <summary>The silo stamp the grain method sees in its request context (none, if the front door removed it).</summary>
    [Alias("StampSeen")]
    Task<string?> StampSeen();
}
