using System.Text;
using Maildriver.MailPorts.Imap.Fetch;

namespace Maildriver.Tests.MailProtocols.Imap;

/// <summary>The header fields ENVELOPE and HEADER.FIELDS read: folded lines kept with their field, the empty line the end.</summary>
public sealed class HeaderFieldReaderTests
{
    [Fact]
    public void Reads_each_field_with_its_folded_lines_and_stops_at_the_empty_line()
    {
        var fields = Read("Subject : a long\r\n\tsubject\r\nnot a field\r\n: nameless\r\nTo: bob\n cc-less\r\n\r\nFrom: body@x\r\n");

        Assert.Equal(
            [("Subject", " a long\r\n\tsubject\r\n", "Subject : a long\r\n\tsubject\r\n"), ("", "", "not a field\r\n"), ("", "", ": nameless\r\n"), ("To", " bob\n cc-less\r\n", "To: bob\n cc-less\r\n")],
            fields);
    }

    [Fact]
    public void A_header_without_its_empty_line_ends_with_its_last_octet()
    {
        Assert.Equal([("X", " 1\r\n", "X: 1\r\n"), ("Y", " 2", "Y: 2")], Read("X: 1\r\nY: 2"));
        Assert.Empty(Read("\r\nX: body"));
        Assert.Empty(Read(string.Empty));
    }

    private static List<(string Name, string Value, string Field)> Read(string header)
    {
        var result = new List<(string, string, string)>();
        var reader = new HeaderFieldReader(Encoding.ASCII.GetBytes(header));
        while (reader.Next(out var name, out var value, out var field))
        {
            result.Add((Encoding.ASCII.GetString(name), Encoding.ASCII.GetString(value), Encoding.ASCII.GetString(field)));
        }

        return result;
    }
}
