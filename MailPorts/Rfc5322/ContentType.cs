namespace Maildriver.MailPorts.Rfc5322;

/// <summary>A MIME Content-Type value (RFC 2045 section 5.1): <c>type/subtype; name=value; name="quoted value"</c>.</summary>
/// <param name="MediaType">The lower-case <c>type/subtype</c>.</param>
/// <param name="Parameters">The parameters, names case-insensitive, quotes removed.</param>
public sealed record ContentType(string MediaType, IReadOnlyDictionary<string, string> Parameters)
{
    /// <summary>What a part without a Content-Type is (RFC 2045 section 5.2).</summary>
    public static ContentType Default { get; } = new("text/plain", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["charset"] = "us-ascii" });

    /// <summary>Whether this is a <c>multipart/*</c> type.</summary>
    public bool IsMultipart => MediaType.StartsWith("multipart/", StringComparison.Ordinal);

    /// <summary>Whether this is a <c>text/*</c> type.</summary>
    public bool IsText => MediaType.StartsWith("text/", StringComparison.Ordinal);

    /// <summary>The value of parameter <paramref name="name"/>, or null.</summary>
    public string? Parameter(string name) => Parameters.TryGetValue(name, out var value) ? value : null;

    /// <summary>Parses a header value; null or a value without a "/" in its type gives <see cref="Default"/>.</summary>
    public static ContentType Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }

        var parts = SplitParameters(value);
        var mediaType = parts[0].Trim().ToLowerInvariant();
        if (!mediaType.Contains('/', StringComparison.Ordinal))
        {
            return Default;
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var part in parts.Skip(1))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            var raw = part[(equals + 1)..].Trim();
            parameters.TryAdd(name, raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? Unquote(raw[1..^1]) : raw);
        }

        return new ContentType(mediaType, parameters);
    }

    // Splits at ";" outside quoted strings.
    private static List<string> SplitParameters(string value)
    {
        var parts = new List<string>();
        var start = 0;
        var quoted = false;
        for (var i = 0; i < value.Length; i++)
        {
            switch (value[i])
            {
                case '\\' when quoted:
                    i++;
                    break;
                case '"':
                    quoted = !quoted;
                    break;
                case ';' when !quoted:
                    parts.Add(value[start..i]);
                    start = i + 1;
                    break;
            }
        }

        parts.Add(value[start..]);
        return parts;
    }

    private static string Unquote(string quoted)
    {
        var output = new System.Text.StringBuilder(quoted.Length);
        for (var i = 0; i < quoted.Length; i++)
        {
            if (quoted[i] == '\\' && i + 1 < quoted.Length)
            {
                i++;
            }

            output.Append(quoted[i]);
        }

        return output.ToString();
    }
}
