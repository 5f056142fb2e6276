using Maildriver.Runtime;

namespace Maildriver.Tests.Runtime.Grains;

public interface ITurnGrain : IGrainWithStringKey
{
    Task Record(int id);

    Task<TurnLog> Log();
}

public sealed record TurnLog(IReadOnlyList<string> Events, int Overlaps);

/// <summary>Records entry and exit of each call around await points, and counts any overlap.</summary>
public sealed class TurnGrain : Grain, ITurnGrain
{
    private readonly List<string> _events = [];
    private bool _inside;
    private int _overlaps;

    public async Task Record(int id)
    {
        if (_inside)
        {
            _overlaps++;
        }

        _inside = true;
        _events.Add($"enter {id}");
        await Task.Yield();
        await Task.Yield();
        _events.Add($"exit {id}");
        _inside = false;
    }

    public Task<TurnLog> Log() => Task.FromResult(new TurnLog([.. _events], _overlaps));
}
