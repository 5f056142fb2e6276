using Maildriver.Clustering.Security;
using Microsoft.Extensions.Options;

namespace Maildriver.Clustering.Tests;

/// <summary><see cref="SiloStamp"/> alone: bound to the target, the secret and a window of time.</summary>
public sealed class SiloStampTests
{
    private static readonly GrainId Target = GrainId.Create("toy", "MD2/alice");
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-12-06T10:00:30Z", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void A_stamp_is_valid_for_its_target_with_the_same_secret_and_for_nothing_else()
    {
        var stamp = Stamp("secret").Create(Target);

        Assert.True(Stamp("secret").IsValid(Target, stamp));
        Assert.False(Stamp("other secret").IsValid(Target, stamp));
        Assert.False(Stamp("secret").IsValid(GrainId.Create("toy", "MD2/bob"), stamp));
        Assert.False(Stamp("secret").IsValid(Target, null));
        Assert.False(Stamp("secret").IsValid(Target, "garbage"));
        Assert.False(Stamp("secret").IsValid(Target, stamp.ToCharArray()));
    }

    [Fact]
    public void A_stamp_holds_in_its_window_and_the_two_beside_it_and_no_further()
    {
        var stamp = Stamp("secret").Create(Target);
        var checker = Stamp("secret");

        _clock.Now += TimeSpan.FromMinutes(1);
        Assert.True(checker.IsValid(Target, stamp)); // sent in the previous window, still in flight
        _clock.Now += TimeSpan.FromMinutes(1);
        Assert.False(checker.IsValid(Target, stamp)); // two windows old: a replay
        _clock.Now -= TimeSpan.FromMinutes(3);
        Assert.True(checker.IsValid(Target, stamp)); // the sender's clock is ahead of ours by up to a window
        _clock.Now -= TimeSpan.FromMinutes(1);
        Assert.False(checker.IsValid(Target, stamp));
    }

    private SiloStamp Stamp(string secret)
        => new(Options.Create(new FrontDoorOptions { ClusterSecret = secret, StampWindow = TimeSpan.FromMinutes(1) }), _clock);

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
