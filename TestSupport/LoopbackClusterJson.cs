using System.Text.Json;
using System.Text.Json.Nodes;

namespace Maildriver.TestSupport;

/// <summary>
/// The one writer of a cluster.json for real silo processes on this host, for the tests' process clusters and the
/// benchmark's: the machines of <see cref="LoopbackMachines"/>, SQLite storage, the first machine the initial Master
/// and the second (when there is one) the initial Lieutenant, and cheap password hashes. A caller changes the document
/// before writing it for anything else (TLS, protocol timings).
/// </summary>
public static class LoopbackClusterJson
{
    /// <summary>
    /// The PBKDF2 iterations of its password hashes: every CLI command of a test logs in, and a benchmark registers
    /// thousands of users, where the default (100,000) costs a noticeable fraction of a second each. Nothing measured
    /// hashes a password (the figures use tokens).
    /// </summary>
    public const int PasswordIterations = 1000;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The document for <paramref name="machines"/>, whose silos prove themselves to each other with <paramref name="clusterSecret"/>.</summary>
    public static JsonObject Create(JsonArray machines, string clusterSecret)
    {
        ArgumentNullException.ThrowIfNull(machines);
        var names = machines.Select(m => (string)m!["name"]!).ToList();
        var document = new JsonObject
        {
            ["clusterSecret"] = clusterSecret,
            ["initialMaster"] = names[0],
            ["storage"] = new JsonObject { ["provider"] = "sqlite" },
            ["protocol"] = new JsonObject { ["passwordIterations"] = PasswordIterations },
            ["machines"] = machines,
        };
        if (names.Count > 1)
        {
            document["initialLieutenant"] = names[1];
        }

        return document;
    }

    /// <summary>Writes <paramref name="document"/> to <paramref name="path"/>, indented for whoever reads it after a failure.</summary>
    public static void Write(JsonObject document, string path)
    {
        ArgumentNullException.ThrowIfNull(document);
        File.WriteAllText(path, document.ToJsonString(Indented));
    }
}
