using Maildriver.Runtime.Client;
using Xunit;

namespace Maildriver.Tests.Runtime.Transport;

public sealed class HttpGatewayConnectionParseListTests
{
    [Fact]
    public void ParsesHostsAddressesAndBracketedIPv6()
    {
        var endpoints = HttpGatewayConnection.ParseList("127.0.0.1:30001, md2.example:30002,[::1]:30003");

        Assert.Collection(
            endpoints,
            e => Assert.Equal(("127.0.0.1", 30001), (e.Host, e.Port)),
            e => Assert.Equal(("md2.example", 30002), (e.Host, e.Port)),
            e => Assert.Equal(("::1", 30003), (e.Host, e.Port)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("  ", "empty")]
    [InlineData("127.0.0.1:30001,,127.0.0.1:30002", "empty entry")]
    [InlineData("127.0.0.1", "no port")]
    [InlineData("127.0.0.1:", "port ''")]
    [InlineData("127.0.0.1:http", "port 'http'")]
    [InlineData("127.0.0.1:0", "1 to 65535")]
    [InlineData("127.0.0.1:65536", "1 to 65535")]
    [InlineData(":30001", "not a host")]
    [InlineData("bad host:30001", "not a host")]
    [InlineData("::1:30001", "brackets")]
    [InlineData("[::1]30001", "[IPv6 address]:port")]
    [InlineData("[nope]:30001", "not an IPv6 address")]
    [InlineData("a:1,A:1", "listed twice")]
    public void RefusesBadListsNamingTheProblem(string list, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => HttpGatewayConnection.ParseList(list));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("gateways", error.ParamName);
    }
}
