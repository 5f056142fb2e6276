using Maildriver.Grains.Mime;
using MimeKit;

namespace Maildriver.Tests.MailProtocols.Mime;

/// <summary>What a letter shows: its text part, else its HTML as text, and its attachments.</summary>
public sealed class LetterContentTests
{
    [Fact]
    public void ARichLetterShowsItsTextPartAndListsItsAttachment()
    {
        var message = LetterMessages.Parse(LetterMessages.ToBytes(MimeSamples.Rich()));

        Assert.Equal(MimeSamples.Text, LetterContent.TextOf(message));
        var attachment = Assert.Single(LetterContent.AttachmentsOf(message));
        Assert.Equal(new LetterAttachment("minutes.pdf", "application/pdf", MimeSamples.Attachment.Length), attachment);
    }

    [Fact]
    public void AnAttachmentIsWrittenDecodedByteForByte()
    {
        var message = LetterMessages.Parse(LetterMessages.ToBytes(MimeSamples.Rich()));
        using var saved = new MemoryStream();

        LetterContent.WriteAttachment(message, 1, saved);

        Assert.Equal(MimeSamples.Attachment, saved.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(-1)]
    public void AnAttachmentNumberOutOfRangeIsRefusedAndNothingWritten(int number)
    {
        var message = LetterMessages.Parse(LetterMessages.ToBytes(MimeSamples.Rich()));
        using var saved = new MemoryStream();

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => LetterContent.WriteAttachment(message, number, saved));

        Assert.Contains("numbered 1 to 1", error.Message);
        Assert.Equal(0, saved.Length);
    }

    [Fact]
    public void AnHtmlOnlyLetterShowsItsHtmlAsText()
    {
        var text = LetterContent.TextOf(LetterMessages.Parse(MimeSamples.HtmlOnly()));
        Assert.Equal("Dear Bob,\n\nthe minutes & more.", text);
    }

    [Fact]
    public void AnAttachmentNameCannotNameADirectory()
    {
        var builder = new BodyBuilder { TextBody = "x" };
        builder.Attachments.Add("../../etc/passwd", "root"u8.ToArray());
        var message = new MimeMessage { Body = builder.ToMessageBody() };

        Assert.Equal("passwd", Assert.Single(LetterContent.AttachmentsOf(message)).Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just a note\r\nno headers: at all\r\n")]
    public void BytesThatAreNoMessageAreAllText(string bytes)
    {
        var message = LetterMessages.Parse(System.Text.Encoding.UTF8.GetBytes(bytes));

        Assert.Equal(bytes.ReplaceLineEndings("\n"), LetterContent.TextOf(message));
        Assert.Null(message.MessageId);
        Assert.Empty(LetterContent.AttachmentsOf(message));
    }
}
