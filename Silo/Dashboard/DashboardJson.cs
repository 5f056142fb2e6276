using System.Text.Json;
using System.Text.Json.Serialization;

namespace Maildriver.Silo.Dashboard;

/// <summary>The JSON dialect of <c>/api/...</c>: camelCase names, enums as camelCase strings.</summary>
internal static class DashboardJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
