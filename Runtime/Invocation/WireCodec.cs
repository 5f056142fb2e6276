using System.Text.Json;
using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Invocation;

/// <summary>Turns calls into <see cref="WireRequest"/>s and outcomes into <see cref="WireResponse"/>s, and back.</summary>
internal static class WireCodec
{
    public static WireRequest EncodeRequest(GrainId target, GrainMethod method, object?[] arguments, string[] callChain, TimeSpan timeout) => new()
    {
        Interface = target.Interface,
        Key = target.Key,
        Method = method.Name,
        Arguments = JsonSerializer.SerializeToElement(arguments, WireSerializer.Options),
        CallChain = callChain,
        TimeoutMs = (int)Math.Min(int.MaxValue, timeout.TotalMilliseconds),
    };

    /// <summary>Decodes arguments with the declared parameter types; a malformed request is an <see cref="ArgumentException"/>.</summary>
    public static object?[] DecodeArguments(GrainMethod method, JsonElement arguments)
    {
        var types = method.ParameterTypes;
        if (arguments.ValueKind != JsonValueKind.Array || arguments.GetArrayLength() != types.Length)
        {
            throw new ArgumentException($"malformed request: {method} takes {types.Length} argument(s)");
        }

        var result = new object?[types.Length];
        var i = 0;
        foreach (var element in arguments.EnumerateArray())
        {
            try
            {
                result[i] = element.Deserialize(types[i], WireSerializer.Options);
            }
            catch (JsonException ex)
            {
                throw new ArgumentException($"malformed request: argument {i + 1} of {method} is not a valid {types[i].Name}: {ex.Message}");
            }

            i++;
        }

        return result;
    }

    public static WireResponse EncodeResult(GrainMethod method, object? result)
        => method.ResultType is null
            ? new WireResponse()
            : new WireResponse { Result = JsonSerializer.SerializeToElement(result, method.ResultType, WireSerializer.Options) };

    public static WireResponse EncodeError(Exception error) => new() { Error = ExceptionCodec.Encode(error) };

    /// <summary>The call's result, or its error rethrown as an exception of the original type where possible.</summary>
    public static object? DecodeResponse(GrainMethod method, WireResponse response)
    {
        if (response.Error is { } error)
        {
            throw ExceptionCodec.Decode(error);
        }

        if (method.ResultType is null)
        {
            return null;
        }

        return response.Result is { } r ? r.Deserialize(method.ResultType, WireSerializer.Options) : null;
    }
}
