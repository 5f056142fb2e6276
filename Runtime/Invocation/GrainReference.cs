using System.Reflection;

namespace Maildriver.Runtime.Invocation;

/// <summary>The typed proxy behind every grain reference; creating one calls nothing.</summary>
public class GrainReference : DispatchProxy
{
    private IGrainCallInvoker _invoker = null!;
    private GrainInterfaceInfo _info = null!;

    /// <summary>The grain this reference points at.</summary>
    public GrainId GrainId { get; private set; }

    internal static TGrain Create<TGrain>(IGrainCallInvoker invoker, string key) where TGrain : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var proxy = Create<TGrain, GrainReference>();
        var reference = (GrainReference)(object)proxy!;
        reference._invoker = invoker;
        reference._info = GrainInterfaceInfo.Get(typeof(TGrain));
        reference.GrainId = new GrainId(reference._info.Name, key);
        return proxy;
    }

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
        {
            return targetMethod.Name switch
            {
                nameof(ToString) => GrainId.ToString(),
                nameof(GetHashCode) => GrainId.GetHashCode(),
                nameof(Equals) => args?[0] is GrainReference other && other.GrainId == GrainId,
                _ => throw new NotSupportedException(targetMethod.Name),
            };
        }

        var method = _info.GetMethod(targetMethod);
        return method.ToProxyResult(_invoker.InvokeAsync(GrainId, method, args ?? []));
    }

    /// <inheritdoc/>
    public override string ToString() => GrainId.ToString();
}
