using System.Text.Json;

namespace Maildriver.Clustering.Configuration;

/// <summary>
/// Reads the application's own fields of <c>cluster.json</c> (<see cref="ClusterConfig.Document"/>) into options: each
/// reader gives null when the field is absent (the option keeps its default) and refuses a value of the wrong JSON type
/// with a <see cref="ClusterConfigException"/> naming the field. Whether a value of the right type is acceptable is for
/// the options' validator to say, when the silo starts.
/// </summary>
public static class ClusterJsonFields
{
    /// <summary>The object <paramref name="name"/> of <paramref name="parent"/>, or null when it is absent.</summary>
    /// <param name="parent">The object holding the field (the whole document for a top-level section).</param>
    /// <param name="name">The field, e.g. <c>protocol</c>.</param>
    /// <param name="example">A short example of the object, for the error message.</param>
    public static JsonElement? Section(JsonElement parent, string name, string example)
    {
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var section))
        {
            return null;
        }

        return section.ValueKind == JsonValueKind.Object
            ? section
            : throw new ClusterConfigException($"{name}: must be an object such as {example}");
    }

    /// <summary>
    /// The text of field <paramref name="name"/>: a string's value, or any other JSON value as written (so that the
    /// validator can say what it found); null when the field is absent.
    /// </summary>
    public static string? Text(JsonElement obj, string name)
        => obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() : v.GetRawText()
            : null;

    /// <summary>The whole number in field <paramref name="name"/>, or null when it is absent.</summary>
    /// <param name="obj">The object holding the field.</param>
    /// <param name="name">The field's name in <paramref name="obj"/>.</param>
    /// <param name="field">Its path in the file, for the message, e.g. <c>protocol.maxLetterBytes</c>.</param>
    /// <exception cref="ClusterConfigException">Not a whole number that fits 64 bits.</exception>
    public static long? Int64(JsonElement obj, string name, string field)
        => obj.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : throw NotWhole(field)
            : null;

    /// <summary>The whole number in field <paramref name="name"/>, or null when it is absent.</summary>
    /// <exception cref="ClusterConfigException">Not a whole number that fits 32 bits.</exception>
    public static int? Int32(JsonElement obj, string name, string field)
        => obj.TryGetProperty(name, out var v)
            ? v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : throw NotWhole(field)
            : null;

    /// <summary>A duration given in whole <paramref name="unit"/>s (milliseconds, seconds), or null when it is absent.</summary>
    /// <exception cref="ClusterConfigException">Not a whole number, or too long for a <see cref="TimeSpan"/>.</exception>
    public static TimeSpan? Duration(JsonElement obj, string name, string field, TimeSpan unit)
    {
        if (Int64(obj, name, field) is not { } n)
        {
            return null;
        }

        try
        {
            return TimeSpan.FromTicks(checked(unit.Ticks * n));
        }
        catch (OverflowException)
        {
            throw new ClusterConfigException($"{field}: {n} is too long a time");
        }
    }

    // The rule is the same whether the value is 0 or "big": the message says all of it.
    private static ClusterConfigException NotWhole(string field) => new($"{field}: {FieldFailures.NotPositive}");
}
