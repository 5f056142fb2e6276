namespace Maildriver.Benchmarks.PeerScenario;

/// <summary>Sizes of Dovecot's workloads (the arguments of <c>peers/dovecot.sh</c>).</summary>
public sealed class DovecotBenchmarkOptions
{
    /// <summary>The sizes of <c>--quick</c>.</summary>
    public static DovecotBenchmarkOptions Quick { get; } = new() { SmallLetters = 300 };

    /// <summary>Small letters to one user, per session count.</summary>
    public int SmallLetters { get; init; } = 1000;

    /// <summary>Parallel sessions of the second small-letter workload.</summary>
    public int Sessions { get; init; } = 4;

    /// <summary>Install the Debian packages when they are missing (needs root).</summary>
    public bool Install { get; init; } = true;

    /// <summary>Keep Dovecot's scratch folder (configuration, mail, log).</summary>
    public bool KeepData { get; init; }

    /// <summary>The script to run; the copy next to this benchmark's assembly when null.</summary>
    public string? ScriptPath { get; init; }
}
