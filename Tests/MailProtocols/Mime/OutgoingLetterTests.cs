using System.Text;
using Maildriver.Grains.Mime;
using Maildriver.Grains.Protocol;
using Maildriver.Grains.Server;

namespace Maildriver.Tests.MailProtocols.Mime;

/// <summary>How a send request becomes the message stored for it.</summary>
public sealed class OutgoingLetterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 17, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AWholeMessageIsKeptByteForByteAndItsSubjectDecoded()
    {
        var bytes = LetterMessages.ToBytes(MimeSamples.Rich());

        var (subject, message) = Compose(new SendRequest(["bob"], "ignored", "ignored", "id", bytes));

        Assert.Same(bytes, message);
        Assert.Equal(MimeSamples.Subject, subject);
    }

    [Fact]
    public void AMessagesSubjectIsOneLineOfAtMost998Characters()
    {
        var bytes = Encoding.ASCII.GetBytes($"Subject: =?utf-8?Q?line=0Abreak?= {new string('x', 2000)}\r\n\r\nbody\r\n");

        var (subject, _) = Compose(new SendRequest(["bob"], "", "", "id", bytes));

        Assert.StartsWith("line", subject, StringComparison.Ordinal);
        Assert.DoesNotContain(subject, char.IsControl);
        Assert.Equal(OutgoingLetter.MaxSubjectLength, subject.Length);
    }

    [Fact]
    public void APlainLetterIsWrittenWithItsSubmissionsMessageId()
    {
        var first = Compose(new SendRequest(["bob"], "Hi", "text", "id"), "alice/s1").Message;
        var again = Compose(new SendRequest(["bob"], "Hi", "text", "id"), "alice/s1").Message;
        var other = Compose(new SendRequest(["bob"], "Hi", "text", "id"), "alice/s2").Message;

        Assert.Equal(first, again);
        Assert.NotEqual(LetterMessages.Parse(first).MessageId, LetterMessages.Parse(other).MessageId);
        Assert.EndsWith("@maildriver.local", LetterMessages.Parse(first).MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLargeAndMultiLineSubjectsAreRefused()
    {
        Assert.Throws<RequestRefusedException>(() => Compose(new SendRequest(["bob"], "a\nb", "text", "id")));
        Assert.Throws<RequestRefusedException>(() => Compose(new SendRequest(["bob"], "s", new string('a', 101), "id"), maxBytes: 100));
        Assert.Throws<RequestRefusedException>(() => Compose(new SendRequest(["bob"], "", "", "id", new byte[101]), maxBytes: 100));
        Compose(new SendRequest(["bob"], "s", new string('a', 100), "id"), maxBytes: 100);
    }

    private static (string Subject, byte[] Message) Compose(SendRequest request, string key = "alice/s1", long maxBytes = 100_000)
        => OutgoingLetter.Compose(request, "alice", ["bob"], key, MailDomain.Default, Now, maxBytes);
}
