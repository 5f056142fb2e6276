using System.Text.Json;

namespace Maildriver.Clustering.Configuration;

/// <summary>Reads and validates <c>cluster.json</c>. Every error names the field at fault.</summary>
public static class ClusterConfigLoader
{
    /// <summary>Loads the file at <paramref name="path"/>.</summary>
    public static ClusterConfig Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ClusterConfigException($"cannot read the cluster configuration '{path}': {ex.Message}");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Directory.GetCurrentDirectory();
        return Parse(text, folder);
    }

    /// <summary>Parses configuration text; relative data directories are resolved against <paramref name="baseDirectory"/>.</summary>
    public static ClusterConfig Parse(string json, string baseDirectory)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new ClusterConfigException($"the cluster configuration is not valid JSON: {ex.Message}");
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterConfigException("the cluster configuration must be a JSON object");
        }

        var secret = RequiredString(root, "clusterSecret", "clusterSecret");
        if (secret.Length < 16)
        {
            throw new ClusterConfigException("clusterSecret: must be at least 16 characters");
        }

        var storage = ParseStorage(root);
        var membership = ParseMembership(root, baseDirectory);
        var tls = root.TryGetProperty("tls", out var tlsElement) ? tlsElement : default;

        if (!root.TryGetProperty("machines", out var machinesElement) || machinesElement.ValueKind != JsonValueKind.Array)
        {
            throw new ClusterConfigException("machines: required, an array of machines");
        }

        var machines = new List<MachineConfig>();
        var index = 0;
        foreach (var m in machinesElement.EnumerateArray())
        {
            machines.Add(ParseMachine(m, $"machines[{index}]", baseDirectory, tls));
            index++;
        }

        if (machines.Count == 0)
        {
            throw new ClusterConfigException("machines: at least one machine is required");
        }

        CheckUnique(machines, m => m.Name, "name");
        CheckUnique(machines, m => $"{m.Host}:{m.SiloPort}", "siloPort");
        CheckUnique(machines, m => $"{m.Host}:{m.GatewayPort}", "gatewayPort");
        CheckUnique(machines, m => m.DataDir, "dataDir");

        return new ClusterConfig
        {
            ClusterSecret = secret,
            Machines = machines,
            Storage = storage,
            Membership = membership,
            BaseDirectory = baseDirectory,
            Document = root,
        };
    }

    private static MembershipConfig ParseMembership(JsonElement root, string baseDirectory)
    {
        if (!root.TryGetProperty("membership", out var m))
        {
            return new MembershipConfig { File = Path.GetFullPath(Path.Combine(baseDirectory, MembershipConfig.DefaultFile)) };
        }

        if (m.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterConfigException("membership: must be an object such as { \"provider\": \"sqlite\" }");
        }

        var provider = OptionalString(m, "provider", "membership.provider") ?? "sqlite";
        if (provider is not ("sqlite" or "postgres"))
        {
            throw new ClusterConfigException($"membership.provider: '{provider}' is not a membership provider (use \"sqlite\" or \"postgres\")");
        }

        var clusterId = OptionalString(m, "clusterId", "membership.clusterId") ?? "maildriver";
        if (provider == "postgres")
        {
            var connectionString = OptionalString(m, "connectionString", "membership.connectionString");
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new ClusterConfigException("membership.connectionString: required for the postgres provider");
            }

            return new MembershipConfig { Provider = provider, ConnectionString = connectionString, ClusterId = clusterId };
        }

        var file = OptionalString(m, "file", "membership.file") ?? MembershipConfig.DefaultFile;
        return new MembershipConfig { Provider = provider, File = Path.GetFullPath(Path.Combine(baseDirectory, file)), ClusterId = clusterId };
    }

    private static StorageConfig ParseStorage(JsonElement root)
    {
        if (!root.TryGetProperty("storage", out var s))
        {
            return new StorageConfig();
        }

        if (s.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterConfigException("storage: must be an object such as { \"provider\": \"sqlite\" }");
        }

        var provider = OptionalString(s, "provider", "storage.provider") ?? "sqlite";
        if (provider is not ("sqlite" or "postgres"))
        {
            throw new ClusterConfigException($"storage.provider: '{provider}' is not a provider (use \"sqlite\" or \"postgres\")");
        }

        var connectionString = OptionalString(s, "connectionString", "storage.connectionString");
        if (provider == "postgres" && string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ClusterConfigException("storage.connectionString: required for the postgres provider");
        }

        return new StorageConfig { Provider = provider, ConnectionString = connectionString };
    }

    private static MachineConfig ParseMachine(JsonElement m, string path, string baseDirectory, JsonElement clusterTls)
    {
        if (m.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterConfigException($"{path}: must be an object");
        }

        var name = RequiredString(m, "name", $"{path}.name");
        if (name.Contains('/') || name.Any(char.IsWhiteSpace))
        {
            throw new ClusterConfigException($"{path}.name: '{name}' may not contain '/' or spaces");
        }

        var dataDir = RequiredString(m, "dataDir", $"{path}.dataDir");
        return new MachineConfig
        {
            Name = name,
            Host = RequiredString(m, "host", $"{path}.host"),
            SiloPort = Port(m, "siloPort", $"{path}.siloPort", required: true),
            GatewayPort = Port(m, "gatewayPort", $"{path}.gatewayPort", required: true),
            DashboardPort = Port(m, "dashboardPort", $"{path}.dashboardPort", required: false),
            DataDir = Path.GetFullPath(Path.Combine(baseDirectory, dataDir)),
            Tls = m.TryGetProperty("tls", out var own)
                ? ParseTls(own, $"{path}.tls", name, baseDirectory)
                : ParseTls(clusterTls, "tls", name, baseDirectory),
            Element = m.Clone(),
        };
    }

    // A machine's own "tls" wins over the cluster's; null (or absent) means cleartext. Paths are relative to the
    // file's folder and may name the machine as {machine}, so one line serves every host.
    private static TlsConfig? ParseTls(JsonElement tls, string path, string machine, string baseDirectory)
    {
        if (tls.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return null;
        }

        if (tls.ValueKind != JsonValueKind.Object)
        {
            throw new ClusterConfigException($"{path}: must be an object such as {{ \"certificate\": \"tls/{{machine}}.crt\", \"key\": \"tls/{{machine}}.key\" }}");
        }

        string Resolve(string field) =>
            Path.GetFullPath(Path.Combine(baseDirectory, RequiredString(tls, field, $"{path}.{field}").Replace("{machine}", machine, StringComparison.Ordinal)));

        var authority = OptionalString(tls, "authority", $"{path}.authority");
        return new TlsConfig
        {
            CertificatePath = Resolve("certificate"),
            KeyPath = Resolve("key"),
            AuthorityPath = authority is null ? null : Path.GetFullPath(Path.Combine(baseDirectory, authority.Replace("{machine}", machine, StringComparison.Ordinal))),
            Field = path,
        };
    }

    /// <summary>Reads an optional port field of a machine (0 when absent).</summary>
    public static int Port(JsonElement obj, string name, string path, bool required)
    {
        if (!obj.TryGetProperty(name, out var v))
        {
            return required ? throw new ClusterConfigException($"{path}: required") : 0;
        }

        if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var port) || port is < 1 or > 65535)
        {
            throw new ClusterConfigException($"{path}: must be a port number from 1 to 65535");
        }

        return port;
    }

    private static string RequiredString(JsonElement obj, string name, string path)
        => OptionalString(obj, name, path) is { Length: > 0 } s ? s : throw new ClusterConfigException($"{path}: required, a non-empty string");

    private static string? OptionalString(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return v.ValueKind == JsonValueKind.String ? v.GetString() : throw new ClusterConfigException($"{path}: must be a string");
    }

    private static void CheckUnique(List<MachineConfig> machines, Func<MachineConfig, string> key, string field)
    {
        var dup = machines.GroupBy(key).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null)
        {
            throw new ClusterConfigException($"machines[].{field}: '{dup.Key}' is used by more than one machine");
        }
    }
}
