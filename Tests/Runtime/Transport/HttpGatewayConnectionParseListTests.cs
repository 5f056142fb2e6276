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
        Assert.All(endpoints, e => Assert.False(e.UseTls));
    }

    [Fact]
    public void HttpsMarksATlsGatewayAndHttpOrNoSchemeACleartextOne()
    {
        var endpoints = HttpGatewayConnection.ParseList("https://md1.example:30001, HTTP://127.0.0.1:30002/, https://[::1]:30003, md4:30004");

        Assert.Equal(
            [("md1.example", 30001, true), ("127.0.0.1", 30002, false), ("::1", 30003, true), ("md4", 30004, false)],
            endpoints.Select(e => (e.Host, e.Port, e.UseTls)));
        Assert.Equal("https://[::1]:30003", endpoints[2].ToString());
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
    [InlineData("a:1,https://A:1", "listed twice")]
    [InlineData("ftp://a:1", "'ftp://' is not a gateway scheme")]
    [InlineData("https://", "no port")]
    public void RefusesBadListsNamingTheProblem(string list, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => HttpGatewayConnection.ParseList(list));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal("gateways", error.ParamName);
    }
}
