using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Grains.Master;

/// <summary>
/// The Master's notes for operators: each change of the cluster's life goes to the <see cref="ClusterEventLog"/>,
/// which every machine keeps, signed <c>Master MD1</c> so that it is never taken for the same machine's Lieutenant.
/// </summary>
public sealed partial class MasterGrain
{
    private ClusterEventLog? _events;

    // Looked up rather than injected, so the constructor stays as the protocol needs it; a silo without the log
    // (a test host with only the grains) records nothing.
    private void Note(ClusterEventKind kind, string subject, string text, long? count = null)
        => (_events ??= ServiceProvider.GetService<ClusterEventLog>())?.Publish($"Master {Machine}", kind, subject, _view?.Epoch ?? 0, text, count);
}
