using System.Globalization;

namespace Maildriver.Tests.Processes.Torture;

/// <summary>
/// What one torture run does, from the environment: <c>MAILDRIVER_TORTURE_SEED</c> replays a chaos schedule,
/// <c>MAILDRIVER_TORTURE_MINUTES</c> sets how long the chaos lasts (2 by default, so the whole test stays under
/// about three minutes on a two-core CI machine; longer runs are for <c>deploy/torture.sh</c>).
/// </summary>
public sealed record TortureSettings(int Seed, bool SeedWasGiven, TimeSpan Duration)
{
    public const string SeedVariable = "MAILDRIVER_TORTURE_SEED";
    public const string MinutesVariable = "MAILDRIVER_TORTURE_MINUTES";
    private const double DefaultMinutes = 2;

    public static TortureSettings FromEnvironment()
    {
        var seedText = Environment.GetEnvironmentVariable(SeedVariable);
        var given = !string.IsNullOrWhiteSpace(seedText);
        int seed;
        if (given)
        {
            seed = int.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
                ? parsed
                : throw new ArgumentException($"{SeedVariable}='{seedText}' is not a 32-bit integer");
        }
        else
        {
            // A fresh schedule every run, printed so that a failure can be replayed.
            seed = Random.Shared.Next(1, int.MaxValue);
        }

        var minutesText = Environment.GetEnvironmentVariable(MinutesVariable);
        var minutes = DefaultMinutes;
        if (!string.IsNullOrWhiteSpace(minutesText)
            && (!double.TryParse(minutesText, NumberStyles.Float, CultureInfo.InvariantCulture, out minutes) || minutes <= 0))
        {
            throw new ArgumentException($"{MinutesVariable}='{minutesText}' is not a positive number of minutes");
        }

        return new TortureSettings(seed, given, TimeSpan.FromMinutes(minutes));
    }

    /// <summary>The command that runs this schedule again.</summary>
    public string ReplayCommand
        => string.Create(CultureInfo.InvariantCulture, $"deploy/torture.sh --seed {Seed} --minutes {Duration.TotalMinutes:0.##}");

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"seed {Seed} ({(SeedWasGiven ? "from " + SeedVariable : "fresh")}), {Duration.TotalMinutes:0.##} min of chaos; replay: {ReplayCommand}");
}
