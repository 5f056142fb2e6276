using System.Text;
using Maildriver.MailPorts.Smtp;

namespace Maildriver.Tests.MailProtocols.Parsing;

public sealed class SubmissionIdsTests
{
    [Fact]
    public void TheMessageIdIsTheSubmissionId()
    {
        Assert.Equal("message-id:abc@x", SubmissionIds.For("abc@x", "one text"u8));
        Assert.Equal(SubmissionIds.For("abc@x", "one text"u8), SubmissionIds.For("abc@x", "another text"u8));
    }

    [Fact]
    public void WithoutAMessageIdOnlyTheSameBytesAreTheSameSubmission()
    {
        var id = SubmissionIds.For(null, "Subject: s\r\n\r\nbody\r\n"u8);
        Assert.StartsWith("content-sha256:", id, StringComparison.Ordinal);
        Assert.Equal(id, SubmissionIds.For(null, "Subject: s\r\n\r\nbody\r\n"u8));
        Assert.NotEqual(id, SubmissionIds.For(null, "Subject: s\r\n\r\nbody!\r\n"u8));
    }

    [Fact]
    public void ALongMessageIdIsDigestedToFitTheClientApi()
    {
        var id = SubmissionIds.For(new string('m', 500) + "@x", ""u8);
        Assert.StartsWith("message-id-sha256:", id, StringComparison.Ordinal);
        Assert.True(id.Length <= 200);
        Assert.NotEqual(id, SubmissionIds.For(new string('m', 501) + "@x", ""u8));
        Assert.True(Encoding.ASCII.GetByteCount(id) == id.Length);
    }
}
