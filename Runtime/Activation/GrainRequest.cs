using Maildriver.Runtime.Invocation;

namespace Maildriver.Runtime.Activation;

/// <summary>One unit of work for an activation: a grain call, or a timer tick.</summary>
internal sealed class GrainRequest
{
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GrainRequest(GrainMethod? method, object?[] arguments, string[] callChain, bool interleave, Func<object, Task>? body)
    {
        Method = method;
        Arguments = arguments;
        CallChain = callChain;
        Interleave = interleave;
        Body = body;
    }

    public GrainMethod? Method { get; }

    public object?[] Arguments { get; }

    /// <summary>The grains waiting upstream of this request.</summary>
    public string[] CallChain { get; }

    /// <summary>May run while another request is in progress.</summary>
    public bool Interleave { get; }

    /// <summary>For timer ticks: the work to run against the grain.</summary>
    public Func<object, Task>? Body { get; }

    public Task<object?> Completion => _completion.Task;

    public static GrainRequest ForCall(GrainMethod method, object?[] arguments, string[] callChain, bool reentrantGrain)
        => new(method, arguments, callChain, reentrantGrain || method.AlwaysInterleave, null);

    public static GrainRequest ForWork(Func<object, Task> body, bool interleave)
        => new(null, [], [], interleave, body);

    public Task Start(object grain) => Body is not null ? Body(grain) : Method!.Invoke(grain, Arguments);

    public void Complete(Task work)
    {
        if (work.IsCompletedSuccessfully)
        {
            _completion.TrySetResult(Method?.GetResult(work));
        }
        else if (work.IsCanceled)
        {
            _completion.TrySetCanceled();
        }
        else
        {
            _completion.TrySetException(work.Exception!.InnerExceptions.Count == 1 ? work.Exception.InnerException! : work.Exception);
        }
    }

    public void Fail(Exception error) => _completion.TrySetException(error);

    public override string ToString() => Method?.ToString() ?? "timer";
}
