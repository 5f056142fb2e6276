using System.Collections.Concurrent;
using Maildriver.Runtime.Messaging;

namespace Maildriver.Runtime.Invocation;

/// <summary>
/// Carries exceptions across processes by type name and message, rebuilding the original type when it is an
/// exception with a message constructor, so callers can catch what the grain threw.
/// </summary>
internal static class ExceptionCodec
{
    private static readonly ConcurrentDictionary<string, Type?> Types = new(StringComparer.Ordinal);

    public static WireError Encode(Exception error)
    {
        if (error is AggregateException { InnerExceptions.Count: 1 } agg)
        {
            error = agg.InnerException!;
        }

        return error switch
        {
            SiloUnavailableException s => new WireError(typeof(SiloUnavailableException).FullName!, $"{s.Silo}\n{s.Message}"),
            GrainCallException g => new WireError(g.RemoteType, g.Message),
            _ => new WireError(error.GetType().FullName!, error.Message),
        };
    }

    public static Exception Decode(WireError error)
    {
        if (error.Type == typeof(SiloUnavailableException).FullName)
        {
            var split = error.Message.IndexOf('\n');
            return split < 0
                ? new SiloUnavailableException("?", error.Message)
                : new SiloUnavailableException(error.Message[..split], error.Message[(split + 1)..]);
        }

        var type = Types.GetOrAdd(error.Type, FindExceptionType);
        if (type is not null && type.GetConstructor([typeof(string)]) is { } ctor)
        {
            try
            {
                return (Exception)ctor.Invoke([error.Message]);
            }
            catch (Exception)
            {
                // Fall through to the generic wrapper.
            }
        }

        return new GrainCallException(error.Type, error.Message);
    }

    private static Type? FindExceptionType(string name)
    {
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var t = assembly.GetType(name, throwOnError: false);
            if (t is not null && typeof(Exception).IsAssignableFrom(t) && !t.IsAbstract)
            {
                return t;
            }
        }

        return null;
    }
}
