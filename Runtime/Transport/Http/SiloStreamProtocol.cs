namespace Maildriver.Runtime.Transport.Http;

/// <summary>The names both ends of a silo-to-silo stream agree on.</summary>
internal static class SiloStreamProtocol
{
    /// <summary>The only resource the silo port serves: one long-lived duplex request per calling silo.</summary>
    public const string Path = "/silo/v1/stream";

    /// <summary>Names the calling silo.</summary>
    public const string SourceHeader = "X-Maildriver-Silo";

    /// <summary>Carries the <see cref="ClusterSecretProof"/> for source and target.</summary>
    public const string ProofHeader = "X-Maildriver-Proof";

    /// <summary>The frames are binary, not anything a proxy should try to interpret.</summary>
    public const string ContentType = "application/octet-stream";
}
