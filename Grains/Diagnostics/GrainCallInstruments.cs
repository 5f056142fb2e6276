using System.Diagnostics;
using System.Diagnostics.Metrics;

using Maildriver.Grains.Dashboard;

namespace Maildriver.Grains.Diagnostics;

/// <summary>
/// The silo's instruments on the <c>Maildriver</c> meter, for <c>dotnet-counters</c> and any other
/// <see cref="MeterListener"/>. Nothing is measured twice: the call path hands them what it already computed for
/// the silo's own counters, and only while something listens.
/// </summary>
internal sealed class GrainCallInstruments : IDisposable
{
    private readonly Meter _meter;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly string _silo;

    public GrainCallInstruments(string silo, Func<IReadOnlyList<GrainActivationCount>> activations)
    {
        _silo = silo;

        // One meter per silo, all of the same name: a test process hosting several silos tells them apart by the
        // silo tag, and a silo that stops takes its observable gauge with it.
        _meter = new Meter(SiloMetrics.MeterName);
        _calls = _meter.CreateCounter<long>("maildriver.grain.calls", "{call}", "Grain calls finished on this silo");
        _errors = _meter.CreateCounter<long>("maildriver.grain.errors", "{call}", "Grain calls that ended with an exception");
        _duration = _meter.CreateHistogram<double>("maildriver.grain.call.duration", "ms", "Time from dispatch to completion of a grain call");
        _meter.CreateObservableGauge(
            "maildriver.grain.activations",
            () => activations().Select(a => new Measurement<int>(a.Count, new KeyValuePair<string, object?>("silo", silo), new KeyValuePair<string, object?>("grain.type", a.Grain))),
            "{activation}",
            "Activations living on this silo");
    }

    public void Record(GrainMethodCounters method, long nanoseconds, bool failed)
    {
        if (!_calls.Enabled && !_duration.Enabled && !_errors.Enabled)
        {
            return;
        }

        var tags = new TagList { { "silo", _silo }, { "grain.type", method.Grain }, { "grain.method", method.Method } };
        _calls.Add(1, tags);
        _duration.Record(nanoseconds / 1e6, tags);
        if (failed)
        {
            _errors.Add(1, tags);
        }
    }

    public void Dispose() => _meter.Dispose();
}
