using System.Text.Json;

namespace Maildriver.Grains.Storage;

/// <summary>
/// The JSON of the store's JSON columns (letter headers, recipient and member lists, the Lieutenant's records).
/// It is the store's own: rows already on disk were written with these settings, so they change only with a
/// migration of those rows. Nothing else (the grain calls, the CLI's output) shares them.
/// </summary>
internal static class StoreJson
{
    /// <summary>Web defaults, as the first rows were written: camelCase names, case-insensitive reads.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
