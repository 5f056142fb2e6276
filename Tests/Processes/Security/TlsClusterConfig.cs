using System.Text.Json.Nodes;

namespace Maildriver.Tests.Processes.Security;

/// <summary>cluster.json's tls section for the trial script's files in the cluster folder's <c>tls/</c>.</summary>
public static class TlsClusterConfig
{
    /// <summary>Every machine's certificate and key, and the authority that issued them all.</summary>
    public static void Add(JsonObject config)
        => config["tls"] = new JsonObject { ["certificate"] = "tls/{machine}.crt", ["key"] = "tls/{machine}.key", ["authority"] = "tls/ca.crt" };
}
