namespace Maildriver.Runtime.Invocation;

/// <summary>Where a grain reference sends its calls: the silo runtime, or a cluster client's gateway.</summary>
internal interface IGrainCallInvoker
{
    /// <summary>Calls <paramref name="method"/> on the grain <paramref name="target"/>.</summary>
    Task<object?> InvokeAsync(GrainId target, GrainMethod method, object?[] arguments);
}
