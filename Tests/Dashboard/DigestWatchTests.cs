using System.Reflection;
using Maildriver.Grains.Dashboard;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Grains.Storage;
using Maildriver.Silo.Dashboard;
using Maildriver.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Maildriver.Tests.Dashboard;

/// <summary>
/// The dashboard's digest comparison reads every letter on every machine: it must start only once the cluster has
/// been seen quiet for <see cref="DigestWatch.QuietFor"/>, not at the first quiet refresh of a load that paused.
/// </summary>
public sealed class DigestWatchTests
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private static readonly Dictionary<string, MailStoreStats> Figures = new(StringComparer.Ordinal)
    {
        ["MD1"] = new MailStoreStats(2, 5, 500, 5, 0),
        ["MD2"] = new MailStoreStats(2, 5, 500, 5, 0),
    };

    [Fact]
    public void AComparisonStartsOnlyAfterTheClusterWasSeenQuietForAWhile()
    {
        var (watch, time, monitors) = Start();
        for (var seen = TimeSpan.Zero; seen < DigestWatch.QuietFor; seen += Refresh)
        {
            watch.Observe(0, Figures, []);
            Assert.Equal(0, monitors.DigestsAsked);
            time.Advance(Refresh);
        }

        watch.Observe(0, Figures, []);
        Assert.Equal(Figures.Count, monitors.DigestsAsked);
        Assert.True(watch.Rounds.Last?.Agree);
    }

    [Fact]
    public void LiveWorkSeenInBetweenStartsTheCountAgain()
    {
        var (watch, time, monitors) = Start();
        watch.Observe(0, Figures, []);
        time.Advance(DigestWatch.QuietFor - Refresh);
        watch.Observe(3, Figures, []);
        time.Advance(Refresh);
        watch.Observe(0, Figures, []);
        time.Advance(DigestWatch.QuietFor - Refresh);
        watch.Observe(0, Figures, []);
        Assert.Equal(0, monitors.DigestsAsked);

        time.Advance(Refresh);
        watch.Observe(0, Figures, []);
        Assert.Equal(Figures.Count, monitors.DigestsAsked);
    }

    [Fact]
    public void QuietIsNotAssumedAcrossALongGapWithoutRefreshes()
    {
        // No page was open for a minute: sends may have come and gone unseen, so the first refresh starts the count.
        var (watch, time, monitors) = Start();
        watch.Observe(0, Figures, []);
        time.Advance(TimeSpan.FromMinutes(1));
        watch.Observe(0, Figures, []);
        Assert.Equal(0, monitors.DigestsAsked);

        time.Advance(DigestWatch.QuietFor);
        watch.Observe(0, Figures, []);
        Assert.Equal(0, monitors.DigestsAsked);

        for (var seen = TimeSpan.Zero; seen <= DigestWatch.QuietFor; seen += Refresh)
        {
            watch.Observe(0, Figures, []);
            time.Advance(Refresh);
        }

        Assert.Equal(Figures.Count, monitors.DigestsAsked);
    }

    private static (DigestWatch Watch, ManualTimeProvider Time, MonitorGrains Monitors) Start()
    {
        var time = new ManualTimeProvider();
        var monitors = DispatchProxy.Create<IGrainFactory, MonitorGrains>();
        return (new DigestWatch(monitors, time, NullLogger.Instance), time, (MonitorGrains)monitors);
    }

    /// <summary>A grain factory that hands out machine monitors answering <see cref="IMachineMonitorGrain.Digest"/> at once, and counts the digests asked.</summary>
    public class MonitorGrains : DispatchProxy
    {
        private int _digests;

        public int DigestsAsked => Volatile.Read(ref _digests);

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } && targetMethod.GetGenericArguments()[0] == typeof(IMachineMonitorGrain)
                && args is [string machine, ..])
            {
                var monitor = DispatchProxy.Create<IMachineMonitorGrain, Monitor>();
                ((Monitor)(object)monitor).Answer(machine, () => Interlocked.Increment(ref _digests));
                return monitor;
            }

            throw new NotSupportedException($"the test's grain factory does not do {targetMethod?.Name}");
        }
    }

    /// <summary>One machine's monitor: every digest the same, so the replicas agree.</summary>
    public class Monitor : DispatchProxy
    {
        private string _machine = string.Empty;
        private Action _asked = () => { };

        public void Answer(string machine, Action asked)
        {
            _machine = machine;
            _asked = asked;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod?.Name == nameof(IMachineMonitorGrain.Digest))
            {
                _asked();
                return Task.FromResult(new ReplicaDigest(_machine, 5, 5, new string('a', 64)));
            }

            throw new NotSupportedException($"the test's monitor does not do {targetMethod?.Name}");
        }
    }
}
