using System.Runtime.CompilerServices;

namespace Maildriver.Runtime.Invocation;

/// <summary>Generic helpers closed over each method's result type once, at registration.</summary>
internal static class ResultAdapters
{
    internal sealed record Pair(Func<Task, object?> GetResult, Func<Task<object?>, object> ToProxyResult);

    public static Pair Void(ReturnShape shape) => new(
        static _ => null,
        shape == ReturnShape.ValueTask ? static t => new ValueTask(t) : static t => t);

    public static Pair Typed<T>(ReturnShape shape) => new(
        static t => ((Task<T>)t).Result,
        shape == ReturnShape.ValueTaskOfT ? static t => new ValueTask<T>(Cast<T>(t)) : static t => Cast<T>(t));

    private static Task<T> Cast<T>(Task<object?> boxed)
    {
        if (boxed.IsCompletedSuccessfully)
        {
            return Task.FromResult((T)boxed.Result!);
        }

        return Await(boxed);

        static async Task<T> Await(Task<object?> t) => (T)(await t.ConfigureAwait(false))!;
    }

    public static Task ValueTaskToTask(object valueTask, ReturnShape shape, Type? resultType)
    {
        if (shape == ReturnShape.ValueTask)
        {
            return ((ValueTask)valueTask).AsTask();
        }

        return (Task)ValueTaskOfTToTask.MakeGenericMethod(resultType!).Invoke(null, [valueTask])!;
    }

    private static readonly System.Reflection.MethodInfo ValueTaskOfTToTask =
        typeof(ResultAdapters).GetMethod(nameof(AsTask), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static Task<T> AsTask<T>(ValueTask<T> v) => v.AsTask();
}
