using Maildriver.MailPorts.Addresses;

namespace Maildriver.Tests.MailProtocols.Addresses;

public sealed class LocalMailboxTests
{
    private readonly LocalMailbox _mailbox = new("Campus.Example.EDU");

    [Theory]
    [InlineData("bob", "bob")]
    [InlineData("bob@campus.example.edu", "bob")]
    [InlineData("Bob@CAMPUS.example.edu", "bob")]
    [InlineData("staff-list@campus.example.edu", "staff-list")]
    public void LocalAddressesNameAUserOrList(string address, string name)
    {
        Assert.True(_mailbox.TryGetName(address, out var found));
        Assert.Equal(name, found);
    }

    [Theory]
    [InlineData("bob@elsewhere.org")]
    [InlineData("bob@campus.example.edu.evil")]
    [InlineData("@campus.example.edu")]
    [InlineData("")]
    public void OtherDomainsAndEmptyLocalPartsAreNotLocal(string address) => Assert.False(_mailbox.TryGetName(address, out _));

    [Fact]
    public void AddressesUseTheLowerCaseDomain() => Assert.Equal("bob@campus.example.edu", _mailbox.AddressOf("bob"));

    [Theory]
    [InlineData("Bob", "bob")]
    [InlineData("bob@campus.example.edu", "bob")]
    [InlineData("bob@elsewhere.org", "bob@elsewhere.org")]
    public void LoginNames(string login, string user) => Assert.Equal(user, _mailbox.LoginName(login));

    [Theory]
    [InlineData("maildriver.local", true)]
    [InlineData("a", true)]
    [InlineData("x-1.y", true)]
    [InlineData("-bad.example", false)]
    [InlineData("two..dots", false)]
    [InlineData("sp ace", false)]
    [InlineData("", false)]
    public void Domains(string domain, bool valid) => Assert.Equal(valid, LocalMailbox.IsDomain(domain));
}
