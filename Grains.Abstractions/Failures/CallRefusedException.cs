namespace Maildriver.Clustering.Security;

/// <summary>
/// the front-door call filter refused a grain call that did not come from a silo of the cluster and was not a
/// call of the front-door interface. The grain method did not run.
/// </summary>
[Serializable, GenerateSerializer]
[Alias("Maildriver.CallRefusedException")]
public sealed class CallRefusedException : Exception
{
    /// <summary>A refusal that <paramref name="message"/> explains.</summary>
    public CallRefusedException(string message)
        : base(message)
    {
    }
}
