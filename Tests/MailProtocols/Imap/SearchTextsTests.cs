using System.Text;
using Maildriver.MailPorts.Imap.Mailbox;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>What SEARCH FROM, TO and SUBJECT look in: the header's fields as a person reads them, not the stored octets.</summary>
public sealed class SearchTextsTests
{
    [Fact]
    public void Encoded_words_are_decoded_folds_undone_and_names_kept_beside_addresses()
    {
        var texts = SearchTexts.Of(Encoding.ASCII.GetBytes(
            "Received: from x\r\nSubject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= aus\r\n Providence\r\nFrom: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <jm@brown.edu>\r\n" +
            "To: bob@brown.edu,\r\n\t\"Carol C\" <carol@brown.edu>\r\nCc: dave@brown.edu\r\n\r\nTo: body@nowhere\r\n"));

        Assert.Equal("Grüße aus Providence", texts.Subject);
        Assert.Contains("Jürgen Müller", texts.From, StringComparison.Ordinal);
        Assert.Contains("jm@brown.edu", texts.From, StringComparison.Ordinal);
        Assert.Contains("bob@brown.edu", texts.To, StringComparison.Ordinal);
        Assert.Contains("Carol C", texts.To, StringComparison.Ordinal);
        Assert.DoesNotContain("dave", texts.To, StringComparison.Ordinal);
        Assert.DoesNotContain("body@nowhere", texts.To, StringComparison.Ordinal);
    }

    [Fact]
    public void Absent_fields_are_empty_and_only_the_first_of_a_name_counts()
    {
        var texts = SearchTexts.Of(Encoding.ASCII.GetBytes("Subject: first\r\nSubject: second\r\n\r\n"));

        Assert.Equal(new SearchTexts(string.Empty, string.Empty, "first"), texts);
        Assert.Equal(new SearchTexts(string.Empty, string.Empty, string.Empty), SearchTexts.Of([]));
    }
}
