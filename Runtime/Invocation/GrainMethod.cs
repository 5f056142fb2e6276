using System.Reflection;

namespace Maildriver.Runtime.Invocation;

/// <summary>
/// One method of a grain interface, with everything the runtime needs to call it without reflection on the
/// hot path: parameter types for decoding, the result type for encoding, and delegates that invoke the method
/// and adapt its result between the typed world of proxies and the boxed world of the dispatcher.
/// </summary>
public sealed class GrainMethod
{
    private readonly MethodInvoker _invoker;
    private readonly Func<Task, object?> _getResult;
    private readonly Func<Task<object?>, object> _toProxyResult;

    internal GrainMethod(GrainInterfaceInfo owner, MethodInfo method)
    {
        Owner = owner;
        Method = method;
        Name = method.Name;
        ParameterTypes = method.GetParameters().Select(p => p.ParameterType).ToArray();
        AlwaysInterleave = method.GetCustomAttribute<AlwaysInterleaveAttribute>() is not null;
        _invoker = MethodInvoker.Create(method);

        var rt = method.ReturnType;
        if (rt == typeof(Task))
        {
            Shape = ReturnShape.Task;
        }
        else if (rt == typeof(ValueTask))
        {
            Shape = ReturnShape.ValueTask;
        }
        else if (rt.IsGenericType && rt.GetGenericTypeDefinition() == typeof(Task<>))
        {
            Shape = ReturnShape.TaskOfT;
            ResultType = rt.GetGenericArguments()[0];
        }
        else if (rt.IsGenericType && rt.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            Shape = ReturnShape.ValueTaskOfT;
            ResultType = rt.GetGenericArguments()[0];
        }
        else
        {
            throw new InvalidOperationException($"{owner.Type.FullName}.{method.Name} must return Task, Task<T>, ValueTask or ValueTask<T>, not {rt.Name}");
        }

        if (ParameterTypes.Any(t => t.IsByRef))
        {
            throw new InvalidOperationException($"{owner.Type.FullName}.{method.Name}: grain methods cannot take ref or out parameters");
        }

        var helper = ResultType is null
            ? typeof(ResultAdapters).GetMethod(nameof(ResultAdapters.Void))!
            : typeof(ResultAdapters).GetMethod(nameof(ResultAdapters.Typed))!.MakeGenericMethod(ResultType);
        var adapters = (ResultAdapters.Pair)helper.Invoke(null, [Shape])!;
        _getResult = adapters.GetResult;
        _toProxyResult = adapters.ToProxyResult;
    }

    /// <summary>The interface that declares the method.</summary>
    public GrainInterfaceInfo Owner { get; }

    /// <summary>The interface method.</summary>
    public MethodInfo Method { get; }

    /// <summary>Its name; grain interfaces have no overloads, so the name identifies it.</summary>
    public string Name { get; }

    /// <summary>Declared parameter types, used to decode arguments.</summary>
    public Type[] ParameterTypes { get; }

    /// <summary>The T of Task&lt;T&gt;/ValueTask&lt;T&gt;; null for methods without a result.</summary>
    public Type? ResultType { get; }

    /// <summary>How the method returns.</summary>
    public ReturnShape Shape { get; }

    /// <summary>Whether the method is marked <see cref="AlwaysInterleaveAttribute"/>.</summary>
    public bool AlwaysInterleave { get; }

    /// <summary>Calls the method on a grain instance and returns its work as a <see cref="Task"/>.</summary>
    internal Task Invoke(object grain, object?[] arguments)
    {
        var returned = _invoker.Invoke(grain, new Span<object?>(arguments));
        return Shape switch
        {
            ReturnShape.Task or ReturnShape.TaskOfT => (Task)returned!,
            _ => ResultAdapters.ValueTaskToTask(returned!, Shape, ResultType),
        };
    }

    /// <summary>The boxed result of a completed task returned by <see cref="Invoke"/>.</summary>
    internal object? GetResult(Task completed) => _getResult(completed);

    /// <summary>Turns the dispatcher's boxed task into what the proxy's method must return.</summary>
    internal object ToProxyResult(Task<object?> boxed) => _toProxyResult(boxed);

    /// <inheritdoc/>
    public override string ToString() => $"{Owner.Type.Name}.{Name}";
}

/// <summary>How a grain method returns.</summary>
public enum ReturnShape
{
    /// <summary><see cref="System.Threading.Tasks.Task"/>.</summary>
    Task,
    /// <summary><see cref="Task{TResult}"/>.</summary>
    TaskOfT,
    /// <summary><see cref="System.Threading.Tasks.ValueTask"/>.</summary>
    ValueTask,
    /// <summary><see cref="ValueTask{TResult}"/>.</summary>
    ValueTaskOfT,
}
