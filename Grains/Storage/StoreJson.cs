using System.Text.Json;

namespace Maildriver.Grains.Storage;

/// <summary>
/// The JSON dialect of the store's JSON columns (letter recipients, Lieutenant records...). It is the old runtime's
/// wire dialect, kept because rows already on disk were written in it; Orleans's serializer carries the grain calls.
/// </summary>
public static class MailJson
{
    /// <summary>Web defaults: camelCase names, case-insensitive reads.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
