using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;
using Maildriver.Tests.Support;

namespace Maildriver.Tests.Grains.Server;

public sealed class TokenServiceTests
{
    [Fact]
    public void ATokenIsValidUntilItExpiresAndAnotherSecretRejectsIt()
    {
        var time = new ManualTimeProvider();
        var tokens = new TokenService("a-cluster-secret-of-length", time, TimeSpan.FromMinutes(10));
        var token = tokens.Issue("alice");

        Assert.Equal("alice", tokens.Validate(token));
        Assert.Throws<RequestRefusedException>(() => new TokenService("another-secret-entirely", time, TimeSpan.FromMinutes(10)).Validate(token));

        time.Advance(TimeSpan.FromMinutes(11));
        var expired = Assert.Throws<RequestRefusedException>(() => tokens.Validate(token));
        Assert.Contains("expired", expired.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("v1.e30.AAAA")]
    [InlineData("v2.x.y")]
    public void MalformedTokensAreRefused(string token)
        => Assert.Throws<RequestRefusedException>(() => new TokenService("a-cluster-secret-of-length", TimeProvider.System, TimeSpan.FromHours(1)).Validate(token));

    [Fact]
    public void PasswordHashesAreSaltedAndVerify()
    {
        var a = PasswordHasher.Hash("pw", 1000);
        var b = PasswordHasher.Hash("pw", 1000);
        Assert.NotEqual(a, b);
        Assert.True(PasswordHasher.Verify("pw", a));
        Assert.False(PasswordHasher.Verify("pW", a));
        Assert.False(PasswordHasher.Verify("pw", "not-a-hash"));
    }
}
