using Maildriver.Runtime;

namespace Maildriver.Tests.Runtime.Grains;

public interface IPingGrain : IGrainWithStringKey
{
    Task<string> CallThrough(string otherKey);

    Task<string> CallBack(string originKey);

    Task<string> CallSelf();

    Task<string> Name();

    [AlwaysInterleave]
    Task<string> InterleavedName();

    Task<string> CallBackInterleaved(string originKey);

    Task<string> CallThroughInterleaved(string otherKey);
}

public sealed class PingGrain : Grain, IPingGrain
{
    public Task<string> CallThrough(string otherKey) => GrainFactory.GetGrain<IPingGrain>(otherKey).CallBack(GetPrimaryKeyString());

    public Task<string> CallBack(string originKey) => GrainFactory.GetGrain<IPingGrain>(originKey).Name();

    public Task<string> CallSelf() => GrainFactory.GetGrain<IPingGrain>(GetPrimaryKeyString()).Name();

    public Task<string> Name() => Task.FromResult(GetPrimaryKeyString());

    public Task<string> InterleavedName() => Task.FromResult(GetPrimaryKeyString());

    public Task<string> CallBackInterleaved(string originKey) => GrainFactory.GetGrain<IPingGrain>(originKey).InterleavedName();

    public Task<string> CallThroughInterleaved(string otherKey) => GrainFactory.GetGrain<IPingGrain>(otherKey).CallBackInterleaved(GetPrimaryKeyString());
}
