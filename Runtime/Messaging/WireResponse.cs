using System.Text.Json;

namespace Maildriver.Runtime.Messaging;

/// <summary>The outcome of a <see cref="WireRequest"/>: a result or an error, never both.</summary>
public sealed class WireResponse
{
    /// <summary>The result serialized with the method's declared return type; absent for <c>Task</c> methods and errors.</summary>
    public JsonElement? Result { get; init; }

    /// <summary>The exception the call ended with, if any.</summary>
    public WireError? Error { get; init; }
}

/// <summary>An exception carried across a process boundary.</summary>
/// <param name="Type">Full name of the exception type.</param>
/// <param name="Message">Its message.</param>
public sealed record WireError(string Type, string Message);
