using Maildriver.Grains.Protocol;
using Maildriver.Grains.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace Maildriver.Grains.Master;

/// <summary>The Master's figures for Prometheus (<see cref="MaildriverMetrics"/>): deliveries, catch-up, takeovers.</summary>
public sealed partial class MasterGrain
{
    private MaildriverMetrics? _metrics;

    // Looked up like the event log, so the constructor stays as the protocol needs it.
    private MaildriverMetrics? Metrics => _metrics ??= ServiceProvider.GetService<MaildriverMetrics>();

    // A batch the machine took: while it is catching up, every order in it has left its catch-up list.
    private void OnAppliedCounted(string machine, IReadOnlyList<Order> batch, ApplyResult result)
    {
        if (_catchingUp.Contains(machine))
        {
            Metrics?.CatchUpDone(machine, batch.Count);
        }

        OnApplied(machine, batch, result);
    }

    // Counted before the letter's records change: a "finished" that arrives twice is one delivery.
    private void OnFinishedCounted(string machine, IReadOnlyList<string> opIds)
    {
        if (Metrics is { } metrics)
        {
            foreach (var id in opIds)
            {
                if (_letters.TryGetValue(id, out var letter) && letter.NotFinished.Contains(machine))
                {
                    metrics.Delivered(machine);
                }
            }
        }

        OnFinished(machine, opIds);
    }

    // After each caretaker tick: the catch-up list of every machine on the Dead Machine List, returning ones included.
    private void ReportCatchUp()
        => Metrics?.ReportCatchUp(_senders.Values.Where(s => _caretaker.IsDead(s.Machine)).ToDictionary(s => s.Machine, s => (long)s.Count, StringComparer.Ordinal));
}
