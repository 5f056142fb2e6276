using System.Text;
using MimeKit.Text;

namespace Maildriver.Grains.Mime;

/// <summary>
/// An HTML body as text, for letters with no text part: MimeKit's tokenizer reads the HTML (entities decoded), and
/// this keeps the text, breaking lines where blocks end and dropping scripts and styles. MimeKit has converters
/// from text to HTML but none back (its previewer makes one short line).
/// </summary>
internal static class HtmlText
{
    public static string Convert(string html)
    {
        var text = new StringBuilder();
        using var reader = new StringReader(html);
        var tokenizer = new HtmlTokenizer(reader) { DecodeCharacterReferences = true };
        var hidden = 0;
        while (tokenizer.ReadNextToken(out var token))
        {
            switch (token)
            {
                case HtmlTagToken tag when tag.Id is HtmlTagId.Script or HtmlTagId.Style or HtmlTagId.Head or HtmlTagId.Title:
                    hidden = tag.IsEndTag ? Math.Max(0, hidden - 1) : tag.IsEmptyElement ? hidden : hidden + 1;
                    break;
                case HtmlTagToken tag when BreaksLine(tag.Id):
                    EndLine(text);
                    break;
                case HtmlDataToken data when hidden == 0:
                    AppendCollapsed(text, data.Data);
                    break;
            }
        }

        return text.ToString().Trim('\n', ' ');
    }

    private static bool BreaksLine(HtmlTagId id) => id is HtmlTagId.Br or HtmlTagId.P or HtmlTagId.Div or HtmlTagId.LI
        or HtmlTagId.TR or HtmlTagId.H1 or HtmlTagId.H2 or HtmlTagId.H3 or HtmlTagId.H4 or HtmlTagId.H5 or HtmlTagId.H6
        or HtmlTagId.BlockQuote or HtmlTagId.Pre or HtmlTagId.Table or HtmlTagId.UL or HtmlTagId.OL or HtmlTagId.HR;

    private static void EndLine(StringBuilder text)
    {
        while (text.Length > 0 && text[^1] == ' ')
        {
            text.Length--;
        }

        // At most one empty line between blocks, however deeply they nest.
        if (!(text.Length >= 2 && text[^1] == '\n' && text[^2] == '\n'))
        {
            text.Append('\n');
        }
    }

    // HTML collapses runs of white space, line breaks included, to one space.
    private static void AppendCollapsed(StringBuilder text, string data)
    {
        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                if (text.Length > 0 && text[^1] is not (' ' or '\n'))
                {
                    text.Append(' ');
                }
            }
            else
            {
                text.Append(c);
            }
        }
    }
}
