using System.Text.Json;

namespace Maildriver.Runtime.Messaging;

/// <summary>The one JSON dialect used for everything that crosses a process boundary.</summary>
public static class WireSerializer
{
    /// <summary>Web defaults (camelCase, case-insensitive reads), shared by arguments, results and envelopes.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);

    /// <summary>Serializes a request envelope to UTF-8 JSON.</summary>
    public static byte[] SerializeRequest(WireRequest request) => JsonSerializer.SerializeToUtf8Bytes(request, Options);

    /// <summary>Reads a request envelope.</summary>
    public static WireRequest DeserializeRequest(ReadOnlySpan<byte> utf8)
        => JsonSerializer.Deserialize<WireRequest>(utf8, Options) ?? throw new JsonException("empty request");

    /// <summary>Serializes a response envelope to UTF-8 JSON.</summary>
    public static byte[] SerializeResponse(WireResponse response) => JsonSerializer.SerializeToUtf8Bytes(response, Options);

    /// <summary>Reads a response envelope.</summary>
    public static WireResponse DeserializeResponse(ReadOnlySpan<byte> utf8)
        => JsonSerializer.Deserialize<WireResponse>(utf8, Options) ?? throw new JsonException("empty response");
}
