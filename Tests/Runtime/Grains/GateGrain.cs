using Maildriver.Runtime;

namespace Maildriver.Tests.Runtime.Grains;

public interface IGateGrain : IGrainWithStringKey
{
    /// <summary>Does not finish until <see cref="Release"/> is called.</summary>
    Task<string> Hold();

    Task<string> Second();

    [AlwaysInterleave]
    Task<bool> IsHolding();

    [AlwaysInterleave]
    Task Release();
}

public sealed class GateGrain : Grain, IGateGrain
{
    private TaskCompletionSource? _gate;

    public async Task<string> Hold()
    {
        _gate = new TaskCompletionSource();
        await _gate.Task;
        _gate = null;
        return "held";
    }

    public Task<string> Second() => Task.FromResult(_gate is null ? "after" : "during");

    public Task<bool> IsHolding() => Task.FromResult(_gate is not null);

    public Task Release()
    {
        _gate?.TrySetResult();
        return Task.CompletedTask;
    }
}
