using Maildriver.Grains.Dashboard;
using Maildriver.Grains.Hosting;
using Maildriver.Grains.Master;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Replica;
using Maildriver.Grains.Server;
using Maildriver.Grains.Storage;

using Maildriver.Clustering.Configuration;
using Microsoft.Extensions.Logging;

namespace Maildriver.Silo.Dashboard;

/// <summary>
/// Builds what the dashboard shows: one <see cref="IMasterGrain.Status"/> call and one
/// <see cref="IMachineMonitorGrain.Report"/> per machine, all at once, each given two seconds. A snapshot is reused
/// for a second, so any number of open pages and scrapers cost the cluster the same few calls a second; a machine
/// that does not answer is shown as such rather than holding the page up.
/// </summary>
internal sealed class DashboardCollector
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(1);
    private const int EventCount = 60;

    private readonly IGrainFactory _grains;
    private readonly MachineConfig _machine;
    private readonly MaildriverOptions _options;
    private readonly TimeProvider _time;
    private readonly DigestWatch _digests;
    private readonly Lock _lock = new();
    private Task<DashboardSnapshot>? _current;
    private long _currentAt;

    /// <summary>Creates the collector of machine <paramref name="machine"/>'s dashboard.</summary>
    public DashboardCollector(IGrainFactory grains, MachineConfig machine, MaildriverOptions options, TimeProvider time, ILogger<DashboardCollector> logger)
    {
        _grains = grains;
        _machine = machine;
        _options = options;
        _time = time;
        _digests = new DigestWatch(grains, time, logger);
    }

    /// <summary>The current snapshot: at most a second old, or built now (once, however many ask).</summary>
    public Task<DashboardSnapshot> GetAsync()
    {
        lock (_lock)
        {
            if (_current is { } current && (!current.IsCompleted || _time.GetElapsedTime(_currentAt) < FreshFor))
            {
                return current;
            }

            _currentAt = _time.GetTimestamp();
            return _current = BuildAsync();
        }
    }

    private async Task<DashboardSnapshot> BuildAsync()
    {
        var asking = _options.Machines.ToDictionary(
            m => m,
            m => AskAsync(() => _grains.GetGrain<IMachineMonitorGrain>(m).Report()),
            StringComparer.Ordinal);
        var view = await AskAsync(() => _grains.GetGrain<IReplicaGrain>(_machine.Name).GetView());
        var (status, statusError) = view.Value is { } v
            ? await AskAsync(() => _grains.GetGrain<IMasterGrain>(v.Master).Status())
            : (null, view.Error);
        await Task.WhenAll(asking.Values);
        var reports = asking.Where(a => a.Value.Result.Value is not null).ToDictionary(a => a.Key, a => a.Value.Result.Value!, StringComparer.Ordinal);
        var errors = asking.Where(a => a.Value.Result.Value is null).ToDictionary(a => a.Key, a => a.Value.Result.Error!, StringComparer.Ordinal);

        // This machine may not have heard of a new Master yet (mid-takeover): ask the newest one another machine knows.
        if (status is null && reports.Values.Select(r => r.View).MaxBy(w => w.Epoch) is { } newest && newest.Master != view.Value?.Master)
        {
            (status, statusError) = await AskAsync(() => _grains.GetGrain<IMasterGrain>(newest.Master).Status());
        }

        // Every machine keeps a copy of every event it heard of: merged by id, so one seen by several shows once.
        var events = reports.Values
            .SelectMany(r => r.Events.Select(e => (Event: e, r.Machine)))
            .GroupBy(x => x.Event.Id, StringComparer.Ordinal)
            .Select(g =>
            {
                var e = g.First().Event;
                return new EventView(e.Id, e.Time, e.Kind, e.Subject, e.Epoch, e.Text, e.Count, e.RecordedBy, g.Select(x => x.Machine).Order(StringComparer.Ordinal).ToList());
            })
            .OrderByDescending(e => e.Time)
            .ToList();
        var machines = _options.Machines.Select(m => DescribeMachine(m, status, reports.GetValueOrDefault(m), errors.GetValueOrDefault(m), events)).ToList();
        return new DashboardSnapshot(
            _machine.Name,
            _time.GetUtcNow(),
            new ClusterSection(status?.Master, status?.Lieutenant, status?.Epoch, status is null ? statusError : null, machines, status?.NotAcknowledging),
            DescribeProtocol(status, machines, events),
            DescribeMail(status, reports, errors));
    }

    private async Task<(T? Value, string? Error)> AskAsync<T>(Func<Task<T>> call) where T : class
    {
        try
        {
            return (await call().WaitAsync(Patience, _time), null);
        }
        catch (SiloUnavailableException)
        {
            return (null, "unreachable");
        }
        catch (TimeoutException)
        {
            return (null, $"no answer within {Patience.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever else went wrong is shown on the page; the rest of the snapshot is still worth having.
            return (null, ex.Message);
        }
    }

    private static MachineView DescribeMachine(string name, MasterStatus? status, MachineReport? report, string? error, List<EventView> events)
    {
        var seen = status?.Machines.FirstOrDefault(m => m.Name == name);
        var death = events.FirstOrDefault(e => e.Subject == name && e.Kind == ClusterEventKind.MachineDied);
        var catchUp = events.FirstOrDefault(e => e.Subject == name && e.Kind == ClusterEventKind.CatchUpStarted && (death is null || e.Time >= death.Time));
        var state = seen switch
        {
            null => report is null ? "unknown" : "up",
            { Up: true } => "up",
            _ => catchUp is not null ? "catching-up" : "dead",
        };
        return new MachineView(
            name,
            state,
            report is not null,
            status?.Master == name,
            status?.Lieutenant == name,
            report?.StartedAt,
            report is null ? null : (report.Time - report.StartedAt).TotalSeconds,
            state is "dead" or "catching-up" ? death?.Time : null,
            seen?.CatchupPending,
            error);
    }

    private static ProtocolSection DescribeProtocol(MasterStatus? status, List<MachineView> machines, List<EventView> events)
    {
        var catchUp = machines.Where(m => m.State is "dead" or "catching-up").Select(m =>
        {
            var pending = m.Queue ?? 0;
            var started = m.State == "catching-up" ? events.FirstOrDefault(e => e.Subject == m.Name && e.Kind == ClusterEventKind.CatchUpStarted) : null;

            // Requests that arrive during the catch-up join the list: never report more done than there was.
            long? from = started?.Count is { } count ? Math.Max(count, pending) : null;
            double? progress = from is null ? null : from == 0 ? 1 : Math.Clamp((from.Value - pending) / (double)from.Value, 0, 1);
            return new CatchUpView(m.Name, pending, m.State == "catching-up", from, progress);
        }).ToList();
        return new ProtocolSection(
            status?.PendingSends,
            status?.PendingDeletes,
            status?.DeleteQueue,
            status?.LiveWork,
            status?.DoYouHaveIt ?? [],
            catchUp,
            events.Take(EventCount).ToList());
    }

    private MailSection DescribeMail(MasterStatus? status, Dictionary<string, MachineReport> reports, Dictionary<string, string> errors)
    {
        // Only machines the Master counts as up, with their figures to hand, take part; every other one is named
        // with the reason, so a comparison without it never reads as the replicas agreeing.
        var left = _options.Machines
            .Select(m => (Name: m, Reason: WhyNotCompared(status?.Machines.FirstOrDefault(s => s.Name == m), reports.GetValueOrDefault(m), errors.GetValueOrDefault(m))))
            .Where(m => m.Reason is not null)
            .Select(m => new UncheckedMachine(m.Name, m.Reason!))
            .ToList();
        var live = _options.Machines.Where(m => left.All(l => l.Name != m))
            .ToDictionary(m => m, m => reports[m].Mail!, StringComparer.Ordinal);
        if (status is not null)
        {
            _digests.Observe(status.LiveWork, live, left);
        }

        var (last, previous) = _digests.Rounds;
        var rows = _options.Machines.Select(m =>
        {
            var report = reports.GetValueOrDefault(m);
            var mail = report?.Mail;
            return new MailRow(
                m,
                mail?.Users,
                mail?.Letters,
                mail?.LetterBytes,
                mail?.InboxEntries,
                mail?.Protoletters,
                last?.Digests.GetValueOrDefault(m)?.Digest,
                report is null ? errors.GetValueOrDefault(m) : report.MailError);
        }).ToList();

        var notCompared = last is null ? [] : _options.Machines.SelectMany(m => last.Unchecked.Where(u => u.Name == m)).ToList();
        var named = string.Join(", ", notCompared.Select(u => $"{u.Name} ({u.Reason})"));
        string note;
        if (last is null)
        {
            note = status is null
                ? "No Master answered; the replicas are compared once one does and the cluster is quiet."
                : "The replicas are compared as soon as the cluster is quiet (no live work).";
        }
        else if (last.Agree is null)
        {
            note = "No machine answered the last comparison" + (named.Length > 0 ? $": {named}." : ".");
        }
        else if (last.Agree is true)
        {
            note = (last.Verified
                       ? $"The {last.Digests.Count} replicas agreed at the last quiet moment."
                       : $"Not verified: {named} could not be compared; the other {last.Digests.Count} agreed at the last quiet moment.")
                   + (DigestWatch.SameFigures(last.Figures, live) ? string.Empty : " Mail has changed since; they are compared again when the cluster is quiet.");
        }
        else
        {
            note = (previous?.Agree is false
                       ? "The replicas differed twice in a row while the cluster was quiet: run 'maildriver admin verify' and look into it."
                       : "The replicas differed at the last comparison; they are compared again at the next quiet moment.")
                   + (named.Length > 0 ? $" Not compared: {named}." : string.Empty);
        }

        // "Agree" only for a comparison of every machine; a partial one that found no difference has no verdict.
        bool? agree = last is null ? null : last.Verified ? true : last.Agree is false ? false : null;
        return new MailSection(rows, agree, last?.At, note, notCompared);
    }

    // Null when the machine can take part: the Master counts it as up and its mail figures came.
    private static string? WhyNotCompared(MachineStatus? seen, MachineReport? report, string? error)
    {
        if (seen is { Up: false })
        {
            return UncheckedReasons.NotUp(seen);
        }

        if (report is null)
        {
            return error ?? UncheckedReasons.Unreachable;
        }

        return report.Mail is null ? report.MailError ?? "no mail figures" : null;
    }
}
