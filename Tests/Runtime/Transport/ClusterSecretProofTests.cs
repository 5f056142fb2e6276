using Maildriver.Runtime.Transport.Http;
using Xunit;

namespace Maildriver.Tests.Runtime.Transport;

public sealed class ClusterSecretProofTests
{
    private readonly ClusterSecretProof _proof = new(TestSilos.Secret, TimeProvider.System);

    [Fact]
    public void AProofVerifiesForItsOwnSourceAndTargetOnly()
    {
        var proof = _proof.Create("MD1", "MD2");

        Assert.True(_proof.Verify("MD1", "MD2", proof));
        Assert.False(_proof.Verify("MD2", "MD1", proof));
        Assert.False(_proof.Verify("MD1", "MD3", proof));
        Assert.False(_proof.Verify("MD3", "MD2", proof));
    }

    [Fact]
    public void AnotherSecretDoesNotVerify()
    {
        var other = new ClusterSecretProof("another-secret-entirely-12345", TimeProvider.System);

        Assert.False(_proof.Verify("MD1", "MD2", other.Create("MD1", "MD2")));
    }

    [Theory]
    [InlineData(-4)]
    [InlineData(4)]
    public void ClocksWithinFiveMinutesAgree(int minutes)
    {
        var skewed = new ClusterSecretProof(TestSilos.Secret, new ShiftedTimeProvider(TimeSpan.FromMinutes(minutes)));

        Assert.True(_proof.Verify("MD1", "MD2", skewed.Create("MD1", "MD2")));
    }

    [Theory]
    [InlineData(-6)]
    [InlineData(6)]
    public void ProofsOutsideFiveMinutesAreRefused(int minutes)
    {
        var skewed = new ClusterSecretProof(TestSilos.Secret, new ShiftedTimeProvider(TimeSpan.FromMinutes(minutes)));

        Assert.False(_proof.Verify("MD1", "MD2", skewed.Create("MD1", "MD2")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no-dot")]
    [InlineData(".abc")]
    [InlineData("-5.abc")]
    [InlineData("12x.abc")]
    [InlineData("9223372036854775807.AAAA")]
    public void MalformedProofsAreRefusedWithoutThrowing(string? proof)
    {
        Assert.False(_proof.Verify("MD1", "MD2", proof));
    }

    [Fact]
    public void ATamperedMacIsRefused()
    {
        var proof = _proof.Create("MD1", "MD2");
        var dot = proof.IndexOf('.', StringComparison.Ordinal);
        var mac = Convert.FromBase64String(proof[(dot + 1)..]);
        mac[0] ^= 1;

        Assert.False(_proof.Verify("MD1", "MD2", $"{proof[..dot]}.{Convert.ToBase64String(mac)}"));
        Assert.False(_proof.Verify("MD1", "MD2", $"{proof[..dot]}.{Convert.ToBase64String([.. mac, 0])}"));
        Assert.False(_proof.Verify("MD1", "MD2", $"{proof[..dot]}.{Convert.ToBase64String(mac[..^1])}"));
    }
}
