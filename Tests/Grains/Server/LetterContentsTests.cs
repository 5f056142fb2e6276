using Maildriver.Grains.Mime;
using Maildriver.Grains.Server;
using Maildriver.Tests.MailProtocols.Mime;

namespace Maildriver.Tests.Grains.Server;

/// <summary>What each letter shows, read from its message once and kept by id.</summary>
public sealed class LetterContentsTests
{
    [Fact]
    public void A_letter_shows_the_text_and_attachments_its_message_has()
    {
        using var contents = new LetterContents();

        var (text, attachments) = contents.Of("MD1.1", LetterMessages.ToBytes(MimeSamples.Rich()));

        Assert.Equal(MimeSamples.Text, text);
        Assert.Equal([new LetterAttachment("minutes.pdf", "application/pdf", MimeSamples.Attachment.Length)], attachments);
        var html = MimeSamples.HtmlOnly();
        Assert.Equal(LetterContent.TextOf(LetterMessages.Parse(html)), contents.Of("MD1.2", html).Text);
        Assert.Equal(2, contents.Count);
    }

    [Fact]
    public void A_letter_read_once_is_not_read_again()
    {
        using var contents = new LetterContents();
        var first = contents.Of("MD1.1", LetterMessages.ToBytes(MimeSamples.Rich()));

        // Other bytes under the same id: only the kept reading can answer "Dear Bob" (a letter's message never
        // changes, so the cache never looks at the bytes again).
        var again = contents.Of("MD1.1", MimeSamples.HtmlOnly());
        var other = contents.Of("MD1.2", MimeSamples.HtmlOnly());

        Assert.Same(first.Text, again.Text);
        Assert.Same(first.Attachments, again.Attachments);
        Assert.DoesNotContain("Dear Bob,\n\nthe minutes are attached.", other.Text);
        Assert.Empty(other.Attachments);
    }

    [Fact]
    public void A_letter_larger_than_the_whole_cache_is_shown_but_not_kept()
    {
        using var contents = new LetterContents();
        var text = new string('x', (int)(LetterContents.CapacityBytes / 2) + 1);
        var message = new MimeKit.MimeMessage { Body = new MimeKit.TextPart("plain") { Text = text } };

        var (shown, _) = contents.Of("MD1.big", LetterMessages.ToBytes(message));

        Assert.Equal(text, shown.ReplaceLineEndings(string.Empty));
        Assert.Equal(0, contents.Count);
    }

    [Fact]
    public void No_id_or_no_message_is_refused()
    {
        using var contents = new LetterContents();

        Assert.Throws<ArgumentNullException>(() => contents.Of(null!, []));
        Assert.Throws<ArgumentNullException>(() => contents.Of("MD1.1", null!));
        Assert.Equal(0, contents.Count);
    }
}
