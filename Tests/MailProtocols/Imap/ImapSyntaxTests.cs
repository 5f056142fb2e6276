using System.Text;
using Maildriver.MailPorts.Imap.Fetch;
using Maildriver.MailPorts.Imap.Search;
using Maildriver.MailPorts.Imap.Syntax;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>The command grammar on its own (RFC 3501 section 9): strings, literals, sequence sets, FETCH items.</summary>
public sealed class ImapSyntaxTests
{
    [Theory]
    [InlineData("1", 5, new long[] { 1 })]
    [InlineData("2,4:6", 9, new long[] { 2, 4, 5, 6 })]
    [InlineData("6:4", 9, new long[] { 4, 5, 6 })]
    [InlineData("1:*", 3, new long[] { 1, 2, 3 })]
    [InlineData("*", 3, new long[] { 3 })]
    [InlineData("*:2", 3, new long[] { 2, 3 })]
    [InlineData("7:*", 3, new long[] { 3, 4, 5, 6, 7 })]
    public void Sequence_sets_name_the_numbers_they_should(string set, long largest, long[] expected)
    {
        var parsed = SequenceSet.Parse(set);
        Assert.Equal(expected, Enumerable.Range(1, 10).Select(n => (long)n).Where(n => parsed.Contains(n, largest)));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1:0")]
    [InlineData("01")]
    [InlineData("1,")]
    [InlineData(",1")]
    [InlineData("1:2:3")]
    [InlineData("a")]
    [InlineData("-1")]
    [InlineData("4294967296")]
    [InlineData("1 2")]
    public void Bad_sequence_sets_are_syntax_errors(string set) => Assert.Throws<ImapSyntaxException>(() => SequenceSet.Parse(set));

    [Fact]
    public void The_largest_number_named_outright_leaves_the_star_out()
    {
        Assert.Equal(6, SequenceSet.Parse("2,4:6,*").HighestNumber);
        Assert.Equal(0, SequenceSet.Parse("*").HighestNumber);
    }

    [Fact]
    public void Astrings_are_atoms_quoted_strings_or_literals()
    {
        var parser = Parser("a1 LOGIN bob \"p\\\"w \\\\d\" {5}\r\nx y\"z ]atom]");
        Assert.Equal("a1", parser.ReadTag());
        parser.Space();
        Assert.Equal("LOGIN", parser.ReadAtom());
        parser.Space();
        Assert.Equal("bob", parser.ReadAString());
        parser.Space();
        Assert.Equal("p\"w \\d", parser.ReadAString());
        parser.Space();
        Assert.Equal("x y\"z", parser.ReadAString());
        parser.Space();
        Assert.Equal("]atom]", parser.ReadAString());
        parser.ExpectEnd();
    }

    [Theory]
    [InlineData("\"open")]
    [InlineData("\"bad \\n escape\"")]
    [InlineData("{9}\r\nshort")]
    [InlineData("{3}short")]
    [InlineData("(list)")]
    public void Malformed_strings_are_syntax_errors(string text) => Assert.Throws<ImapSyntaxException>(() => Parser(text).ReadAString());

    [Theory]
    [InlineData("")]
    [InlineData("+a")]
    [InlineData("(a")]
    [InlineData("a*")]
    public void Bad_tags_are_syntax_errors(string text) => Assert.Throws<ImapSyntaxException>(() =>
    {
        var parser = Parser(text);
        parser.ReadTag();
        parser.Space();
    });

    [Fact]
    public void Fetch_items_parse_with_sections_and_partial_ranges()
    {
        var items = FetchRequest.Parse(Parser("(UID FLAGS BODY.PEEK[HEADER.FIELDS (From \"To\")]<0.100> BODY[1.2.MIME] rfc822.size ENVELOPE BODYSTRUCTURE)"));
        Assert.Equal(
            ["UID", "FLAGS", "BODY[HEADER.FIELDS (FROM TO)]<0>", "BODY[1.2.MIME]", "RFC822.SIZE", "ENVELOPE", "BODYSTRUCTURE"],
            items.Select(i => i.Name));
        var header = items[2];
        Assert.Equal((true, 0L, 100L, SectionKind.HeaderFields), (header.Peek, header.PartialStart!.Value, header.PartialCount, header.Section!.Kind));
        Assert.Equal([1, 2], items[3].Section!.Part);
        Assert.False(items[3].Peek);
        Assert.Equal(["FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"], FetchRequest.Parse(Parser("ALL")).Select(i => i.Name));
    }

    [Theory]
    [InlineData("(UID")]
    [InlineData("UID FLAGS")]
    [InlineData("BODY[")]
    [InlineData("BODY[TEXT]<1>")]
    [InlineData("BODY[TEXT]<1.0>")]
    [InlineData("BODY[HEADER.FIELDS]")]
    [InlineData("BODY[HEADER.FIELDS ()]")]
    [InlineData("NOSUCH")]
    public void Malformed_fetch_items_are_syntax_errors(string items) => Assert.Throws<ImapSyntaxException>(() => FetchRequest.Parse(Parser(items)));

    [Theory]
    [InlineData("1-Feb-2026", 2026, 2, 1)]
    [InlineData("01-feb-2026", 2026, 2, 1)]
    [InlineData("31-DEC-1999", 1999, 12, 31)]
    public void Search_dates_parse_in_any_case(string text, int year, int month, int day) => Assert.Equal(new DateOnly(year, month, day), ImapDates.ParseDate(text));

    [Theory]
    [InlineData("2026-02-01")]
    [InlineData("1-Fev-2026")]
    [InlineData("32-Jan-2026")]
    [InlineData("yesterday")]
    public void Bad_search_dates_are_syntax_errors(string text) => Assert.Throws<ImapSyntaxException>(() => ImapDates.ParseDate(text));

    [Fact]
    public void A_search_in_a_charset_not_taken_is_refused_with_badcharset()
    {
        var refused = Assert.Throws<ImapNoException>(() => SearchQuery.Parse(Parser("CHARSET KOI8-R ALL"), 1, 1));
        Assert.Equal("[BADCHARSET (UTF-8 US-ASCII)]", refused.Code);
    }

    private static ImapParser Parser(string text) => new(Encoding.UTF8.GetBytes(text));
}
